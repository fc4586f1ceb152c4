import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../core/test-support/fixtures.js';
import { electronNativeDir, SQLITE_ADDON } from '../native-layout.js';
import {
  buildElectronNative,
  checkElectronNative,
  expectedStamp,
  NativeBuildError,
  type Rebuild,
} from './electron-native.js';
import { STAMP_FILE } from './native-stamp.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
/** A checkout whose absolute path contains `/build/`, as on many CI machines. */
let root: string;

async function put(file: string, text: string) {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
}

beforeEach(async () => {
  tmp = await makeTempDir();
  root = path.join(tmp.dir, 'build', 'thumbdesk');
  const modules = path.join(root, 'node_modules');
  await put(path.join(modules, 'electron/package.json'), '{"version":"45.5.0"}');
  await put(path.join(modules, 'electron/abi_version'), '150\n');
  await put(path.join(modules, 'better-sqlite3/package.json'), '{"version":"12.9.0"}');
  await put(path.join(modules, 'better-sqlite3/lib/index.js'), 'module.exports = 1;');
  await put(path.join(modules, 'better-sqlite3/src/better_sqlite3.cpp'), '// sources');
  await put(path.join(modules, 'better-sqlite3/build/Release/better_sqlite3.node'), 'NODE BUILD');
  await put(path.join(modules, 'bindings/package.json'), '{"version":"1.5.0"}');
  await put(path.join(modules, 'file-uri-to-path/package.json'), '{"version":"1.0.0"}');
});
afterEach(() => tmp.cleanup());

/** Stands in for @electron/rebuild: writes the addon node-gyp would leave, or nothing. */
const standInRebuild =
  (writes: boolean, seen: Parameters<Rebuild>[0][] = []): Rebuild =>
  async (target) => {
    seen.push(target);
    if (writes) await put(path.join(target.buildPath, SQLITE_ADDON), 'ELECTRON BUILD');
  };

describe('buildElectronNative', () => {
  it('copies the sources under a checkout path containing /build/, without Node’s build, and stamps the result', async () => {
    const expected = await expectedStamp(root, 'linux', 'x64', () => 'unused');
    const seen: Parameters<Rebuild>[0][] = [];
    const rebuild: Rebuild = async (target) => {
      // What the compiler gets: the package's sources, and no addon of Node's to confuse it.
      const copy = path.join(target.buildPath, 'node_modules/better-sqlite3');
      expect(existsSync(path.join(copy, 'lib/index.js'))).toBe(true);
      expect(existsSync(path.join(copy, 'src/better_sqlite3.cpp'))).toBe(true);
      expect(existsSync(path.join(copy, 'build'))).toBe(false);
      await standInRebuild(true, seen)(target);
    };
    const addon = await buildElectronNative(root, expected, rebuild);

    const dir = electronNativeDir(root, 'linux', 'x64');
    expect(seen).toEqual([{ buildPath: dir, electronVersion: '45.5.0', arch: 'x64' }]);
    expect(addon).toBe(path.join(dir, SQLITE_ADDON));
    expect(await readFile(addon, 'utf8')).toBe('ELECTRON BUILD');
    expect(JSON.parse(await readFile(path.join(dir, STAMP_FILE), 'utf8'))).toEqual({
      electron: '45.5.0',
      abi: '150',
      betterSqlite3: '12.9.0',
      platform: 'linux',
      arch: 'x64',
    });
    // Node's build in node_modules is left alone.
    const nodeBuild = path.join(
      root,
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
    );
    expect(await readFile(nodeBuild, 'utf8')).toBe('NODE BUILD');
    expect(await checkElectronNative(dir, expected)).toEqual({ build: false });
  });

  it('refuses to claim success when the compiler leaves no addon, and writes no stamp', async () => {
    const expected = await expectedStamp(root, 'linux', 'x64', () => 'unused');
    const failure = buildElectronNative(root, expected, standInRebuild(false));
    await expect(failure).rejects.toBeInstanceOf(NativeBuildError);
    await expect(failure).rejects.toMatchObject({ code: 'NO_ADDON' });
    const dir = electronNativeDir(root, 'linux', 'x64');
    expect(existsSync(path.join(dir, STAMP_FILE))).toBe(false);
    expect((await checkElectronNative(dir, expected)).build).toBe(true);
  });

  it('reports a failed compiler run with its own code', async () => {
    const expected = await expectedStamp(root, 'linux', 'x64', () => 'unused');
    const failing: Rebuild = () => Promise.reject(new Error('node-gyp failed to rebuild'));
    await expect(buildElectronNative(root, expected, failing)).rejects.toMatchObject({
      code: 'REBUILD_FAILED',
      message: 'node-gyp failed to rebuild',
    });
  });
});

describe('expectedStamp', () => {
  it("reads the ABI from electron's abi_version, and asks node-abi only without it", async () => {
    expect((await expectedStamp(root, 'darwin', 'arm64', () => 'asked')).abi).toBe('150');
    await writeFile(path.join(root, 'node_modules/electron/abi_version'), '');
    const asked: string[] = [];
    const stamp = await expectedStamp(root, 'darwin', 'arm64', (version) => {
      asked.push(version);
      return '149';
    });
    expect([stamp.abi, asked]).toEqual(['149', ['45.5.0']]);
  });
});
