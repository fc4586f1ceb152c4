import { describe, expect, it } from 'vitest';
import { packTarget } from './pack-target.js';

describe('packTarget', () => {
  it("maps electron-builder's platform names to Node's and keeps the architecture", () => {
    expect(packTarget('linux', 'x64', 'linux')).toEqual({ platform: 'linux', arch: 'x64' });
    expect(packTarget('mas', 'arm64', 'darwin')).toEqual({ platform: 'darwin', arch: 'arm64' });
    expect(packTarget('win32', 'arm64', 'win32')).toEqual({ platform: 'win32', arch: 'arm64' });
  });

  it('refuses a package for another platform, and a universal macOS one', () => {
    expect(() => packTarget('win32', 'x64', 'linux')).toThrow(/on that platform/);
    expect(() => packTarget('darwin', 'universal', 'darwin')).toThrow(/universal/);
  });
});
