#!/usr/bin/env node
/* global process, console, URL */
// `npm run rebuild:electron [-- --arch arm64] [-- --if-needed]`: builds better-sqlite3 for
// Electron's ABI into native/electron/<platform>-<arch>/, beside (never over) the Node build in
// node_modules that tests, the CLI and `thumbdesk serve` load, and stamps it. `npm start` runs
// this when the stamp is missing or names another Electron; electron-builder's beforePack hook
// (bin/before-pack.js) runs it for each packaged architecture. The logic is in
// main/app/launcher/electron-native.ts; this file only brings @electron/rebuild and node-abi.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { rebuild } from '@electron/rebuild';
import {
  buildElectronNative,
  checkElectronNative,
  expectedStamp,
} from '../dist/main/app/launcher/electron-native.js';
import { electronNativeDir } from '../dist/main/app/native-layout.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** node-abi is @electron/rebuild's own source of ABIs; needed only without electron/abi_version. */
export const abiOf = (electronVersion) => require('node-abi').getAbi(electronVersion, 'electron');

const electronRebuild = ({ buildPath, electronVersion, arch }) =>
  rebuild({ buildPath, electronVersion, arch, onlyModules: ['better-sqlite3'], force: true });

/**
 * Builds (or with `ifNeeded`, checks the stamp and builds only when it does not fit) and
 * resolves with one line saying what happened; rejects with NativeBuildError.
 */
export async function ensureElectronNative(platform, arch, { ifNeeded, onBuild = () => {} }) {
  const expected = await expectedStamp(root, platform, arch, abiOf);
  const dir = electronNativeDir(root, platform, arch);
  const where = path.relative(root, dir);
  if (ifNeeded) {
    const need = await checkElectronNative(dir, expected);
    if (!need.build)
      return `better-sqlite3 for Electron ${expected.electron} is up to date in ${where}`;
    onBuild(need.reason, expected);
  }
  await buildElectronNative(root, expected, electronRebuild);
  return `better-sqlite3 built for Electron ${expected.electron} (ABI ${expected.abi}) in ${where}`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { arch: { type: 'string', default: process.arch }, 'if-needed': { type: 'boolean' } },
  });
  try {
    console.log(
      await ensureElectronNative(process.platform, values.arch, { ifNeeded: values['if-needed'] }),
    );
  } catch (error) {
    console.error(`cannot build better-sqlite3 for Electron: ${error.message}`);
    process.exit(1);
  }
}
