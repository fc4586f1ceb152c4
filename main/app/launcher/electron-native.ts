/**
 * Builds better-sqlite3 for Electron into native/electron/<platform>-<arch>/, beside (never over)
 * the Node build in node_modules. Used by `npm start` (only when the stamp says so), by
 * `npm run rebuild:electron`, and by electron-builder's beforePack hook for each packaged
 * architecture. The compiler run itself is injected (@electron/rebuild in bin/), so the copy,
 * the check that the addon exists and the stamp are tested with a stand-in.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { electronNativeDir, SQLITE_ADDON } from '../native-layout.js';
import {
  nativeBuildNeed,
  parseStamp,
  STAMP_FILE,
  type NativeBuildNeed,
  type NativeStamp,
} from './native-stamp.js';

/** better-sqlite3 and what @electron/rebuild's module walk expects beside it. */
const COPIED_PACKAGES = ['better-sqlite3', 'bindings', 'file-uri-to-path'];

export type NativeBuildErrorCode = 'REBUILD_FAILED' | 'NO_ADDON';

export class NativeBuildError extends Error {
  constructor(
    readonly code: NativeBuildErrorCode,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'NativeBuildError';
  }
}

/** Runs the native compiler on a folder holding node_modules/better-sqlite3. */
export type Rebuild = (target: {
  buildPath: string;
  electronVersion: string;
  arch: string;
}) => Promise<void>;

const readText = async (file: string) => {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
};

const versionOf = async (root: string, name: string) =>
  (
    JSON.parse(await readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/**
 * What a build for this checkout must be made for. Electron's package names its ABI in
 * `abi_version`; node-abi, which @electron/rebuild itself uses, answers for older packages.
 * @example await expectedStamp(root, process.platform, process.arch)
 */
export async function expectedStamp(
  root: string,
  platform: string,
  arch: string,
  abiOf: (electronVersion: string) => string,
): Promise<NativeStamp> {
  const electron = await versionOf(root, 'electron');
  const abi =
    (await readText(path.join(root, 'node_modules/electron/abi_version')))?.trim() ||
    abiOf(electron);
  return { electron, abi, betterSqlite3: await versionOf(root, 'better-sqlite3'), platform, arch };
}

/**
 * Whether the build in `dir` fits `expected`.
 * @example (await checkElectronNative(dir, expected)).build
 */
export async function checkElectronNative(
  dir: string,
  expected: NativeStamp,
): Promise<NativeBuildNeed> {
  return nativeBuildNeed(expected, {
    addonExists: existsSync(path.join(dir, SQLITE_ADDON)),
    stamp: parseStamp(await readText(path.join(dir, STAMP_FILE))),
  });
}

/**
 * Copies one package without its own `build/` folder (Node's addon). The filter looks at the
 * path inside the package: a checkout whose absolute path contains `/build/` still copies.
 */
async function copyPackageSources(from: string, to: string): Promise<void> {
  await cp(from, to, {
    recursive: true,
    filter: (source) => path.relative(from, source).split(path.sep)[0] !== 'build',
  });
}

/**
 * Builds the addon for `expected` and stamps it; resolves with the addon's path. Fails with
 * NativeBuildError when the compiler fails or reports success without leaving the addon.
 * @example await buildElectronNative(root, expected, rebuildWithElectronRebuild)
 */
export async function buildElectronNative(
  root: string,
  expected: NativeStamp,
  rebuild: Rebuild,
): Promise<string> {
  const dir = electronNativeDir(root, expected.platform, expected.arch);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'node_modules'), { recursive: true });
  for (const name of COPIED_PACKAGES) {
    await copyPackageSources(
      path.join(root, 'node_modules', name),
      path.join(dir, 'node_modules', name),
    );
  }
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'thumbdesk-electron-native',
      private: true,
      dependencies: { 'better-sqlite3': expected.betterSqlite3 },
    }),
  );
  try {
    await rebuild({ buildPath: dir, electronVersion: expected.electron, arch: expected.arch });
  } catch (error) {
    throw new NativeBuildError('REBUILD_FAILED', (error as Error).message, { cause: error });
  }
  const addon = path.join(dir, SQLITE_ADDON);
  if (!existsSync(addon)) {
    throw new NativeBuildError('NO_ADDON', `the build finished without ${SQLITE_ADDON}`);
  }
  await writeFile(path.join(dir, STAMP_FILE), `${JSON.stringify(expected, null, 2)}\n`);
  return addon;
}
