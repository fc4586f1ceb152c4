/**
 * The desktop app runs the core's service worker and its render processes from one-file bundles
 * (bin/bundle-worker.js) that electron-builder unpacks from app.asar; this says where they are.
 */
import path from 'node:path';

/** The bundle, relative to the app's root (the checkout, or app.asar in a package). */
export const SERVICE_WORKER_BUNDLE = 'dist/main/app/service-worker.mjs';

/** The render process's bundle, which the app's previews run in a utilityProcess (utility-render.ts). */
export const RENDER_CHILD_BUNDLE = 'dist/main/app/render-child.mjs';

const ASAR = `${path.sep}app.asar${path.sep}`;
const UNPACKED = `${path.sep}app.asar.unpacked${path.sep}`;

/**
 * The real file behind a path inside app.asar that asarUnpack keeps outside the archive; other
 * paths are returned as they are.
 * @example unpackedPath(path.join(app.getAppPath(), SERVICE_WORKER_BUNDLE))
 */
export function unpackedPath(file: string): string {
  return file.replace(ASAR, UNPACKED);
}
