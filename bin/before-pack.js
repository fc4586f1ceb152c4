/* global process, console */
// electron-builder's beforePack hook (electron-builder.yml). Packaging never rebuilds
// node_modules (npmRebuild: false, so the CLI, `thumbdesk serve` and the tests keep Node's
// build of better-sqlite3); instead this makes sure native/electron/<platform>-<arch>/ holds
// the Electron build for the architecture being packed, which extraResources then copies to
// resources/native/ and main/app/main.ts loads from there.
import { createRequire } from 'node:module';
import { packTarget } from '../dist/main/app/launcher/pack-target.js';
import { ensureElectronNative } from './rebuild-electron.js';

// electron-builder hands the architecture as its Arch enum; builder-util (its own dependency) names it.
const { Arch } = createRequire(import.meta.url)('builder-util');

/** @param {{ electronPlatformName: string, arch: number }} context */
export async function beforePack(context) {
  const { platform, arch } = packTarget(
    context.electronPlatformName,
    Arch[context.arch],
    process.platform,
  );
  console.log(
    await ensureElectronNative(platform, arch, {
      ifNeeded: true,
      onBuild: (reason) => console.log(`building better-sqlite3 for Electron (${reason})`),
    }),
  );
}

export default beforePack;
