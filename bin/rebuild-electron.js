#!/usr/bin/env node
/* global process, console, URL */
// `npm run rebuild:electron`: builds better-sqlite3 for Electron's ABI into native/electron/,
// beside (never over) the Node build in node_modules that tests and the CLI load. The desktop
// app loads this copy through better-sqlite3's `nativeBinding` option (main/app/main.ts).
// Packages need none of this: electron-builder rebuilds their own node_modules for Electron.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rebuild } from '@electron/rebuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = path.join(root, 'native/electron');
const version = (name) =>
  JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

rmSync(target, { recursive: true, force: true });
mkdirSync(path.join(target, 'node_modules'), { recursive: true });
// A copy of the package's sources and its one runtime dependency, without Node's build.
for (const name of ['better-sqlite3', 'bindings', 'file-uri-to-path']) {
  cpSync(path.join(root, 'node_modules', name), path.join(target, 'node_modules', name), {
    recursive: true,
    filter: (source) => !source.includes(`${path.sep}build${path.sep}`),
  });
}
writeFileSync(
  path.join(target, 'package.json'),
  JSON.stringify({
    name: 'thumbdesk-electron-native',
    private: true,
    dependencies: { 'better-sqlite3': version('better-sqlite3') },
  }),
);

const electronVersion = version('electron');
try {
  await rebuild({
    buildPath: target,
    electronVersion,
    onlyModules: ['better-sqlite3'],
    force: true,
  });
  console.log(
    `better-sqlite3 built for Electron ${electronVersion} in ${path.relative(root, target)}`,
  );
} catch (error) {
  console.error(`cannot build better-sqlite3 for Electron ${electronVersion}: ${error.message}`);
  process.exit(1);
}
