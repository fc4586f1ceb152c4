/**
 * Where better-sqlite3's Electron build lives. Node's build stays in node_modules for the CLI,
 * `thumbdesk serve` and the tests; Electron's is built into a copy under `native/electron/`
 * (one folder per platform and architecture) and, in a package, shipped as a resource beside
 * app.asar (electron-builder.yml's extraResources). Nothing ever rebuilds node_modules in place.
 */
import path from 'node:path';

/** The addon inside a build folder, where node-gyp leaves it. */
export const SQLITE_ADDON = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';

/** The addon's place in a package, relative to `process.resourcesPath`. */
export const PACKAGED_SQLITE_ADDON = 'native/better_sqlite3.node';

/**
 * The development build folder for one platform and architecture.
 * @example electronNativeDir('/src/thumbdesk', 'linux', 'x64') // '/src/thumbdesk/native/electron/linux-x64'
 */
export function electronNativeDir(root: string, platform: string, arch: string): string {
  return path.join(root, 'native', 'electron', `${platform}-${arch}`);
}

/**
 * The Electron build of better-sqlite3 the app loads: the packaged resource, or the development
 * copy that `npm start` builds.
 * @example electronSqliteAddon({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, root, platform: process.platform, arch: process.arch })
 */
export function electronSqliteAddon(where: {
  packaged: boolean;
  resourcesPath: string;
  root: string;
  platform: string;
  arch: string;
}): string {
  return where.packaged
    ? path.join(where.resourcesPath, PACKAGED_SQLITE_ADDON)
    : path.join(electronNativeDir(where.root, where.platform, where.arch), SQLITE_ADDON);
}
