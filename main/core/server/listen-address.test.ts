import { describe, expect, it } from 'vitest';
import { isLoopback, isWildcard, urlHost } from './listen-address.js';

describe('listen addresses', () => {
  it('tells every interface, this machine only, and writes IPv6 in brackets', () => {
    expect(['0.0.0.0', '::', ''].map(isWildcard)).toEqual([true, true, true]);
    expect(['127.0.0.1', '::1', '192.168.1.2'].map(isWildcard)).toEqual([false, false, false]);
    expect(
      ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'LOCALHOST', '::ffff:127.0.0.1'].map(isLoopback),
    ).toEqual([true, true, true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.2', 'example.com'].map(isLoopback)).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect([urlHost('::1'), urlHost('127.0.0.1')]).toEqual(['[::1]', '127.0.0.1']);
  });
});
