import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { byteSize } from './byte-size.js';

describe('byteSize', () => {
  it('reads bytes, and units as powers of 1024 in any spelling', () => {
    expect(byteSize('1073741824')).toBe(2 ** 30);
    expect(byteSize('1')).toBe(1);
    expect(byteSize('512B')).toBe(512);
    expect(byteSize('64k')).toBe(64 * 1024);
    expect(byteSize('512MB')).toBe(512 * 2 ** 20);
    expect(byteSize('512 MiB')).toBe(512 * 2 ** 20);
    expect(byteSize('2GiB')).toBe(2 * 2 ** 30);
    expect(byteSize('1.5g')).toBe(1.5 * 2 ** 30);
    expect(byteSize('1tb')).toBe(2 ** 40);
  });

  it('refuses what is not a size of at least one byte', () => {
    for (const bad of [
      '',
      '0',
      '0.5',
      '-1',
      'MB',
      '1 PB',
      '1e3',
      '12 bytes',
      '1.2.3',
      'constructor',
    ]) {
      expect(() => byteSize(bad), bad).toThrow(InvalidArgumentError);
    }
    expect(() => byteSize('10000000 TB')).toThrow(/at least 1 byte, such as 1073741824, 512MB/);
  });
});
