#!/usr/bin/env node
/* global URL */
// Part of `npm run build:app`: bundles the core's service worker (main/core/service/
// service-worker.ts and everything it imports) into one ES module, dist/main/app/service-worker.mjs.
// The desktop app starts its worker from that file, which electron-builder.yml unpacks from
// app.asar: a worker thread then loads plain files, not an ES module graph inside the archive
// (a path with a history of regressions in Electron). sharp and better-sqlite3 stay outside the
// bundle: native addons load from node_modules (unpacked too), never from a bundle.
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

// The desktop app's previews render in a utility process running the render child
// (main/app/utility-render.ts): one file too, for the same reasons.
const BUNDLES = [
  ['main/core/service/service-worker.ts', 'dist/main/app/service-worker.mjs'],
  ['main/core/imaging/render-child.ts', 'dist/main/app/render-child.mjs'],
];

for (const [entry, outfile] of BUNDLES) {
  await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Prefer each package's ES module build; CommonJS ones get a real `require` (for Node's
    // built-ins), which an ES module otherwise lacks.
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as __thumbdeskRequire } from 'node:module'; const require = __thumbdeskRequire(import.meta.url);",
    },
    external: ['sharp', 'better-sqlite3'],
    logLevel: 'warning',
  });
}
