#!/usr/bin/env node
/* global process, console, URL */
// `npm start` (after `npm run build`): opens the desktop window with Electron. Before that it
// makes sure of what Electron needs (its binary; better-sqlite3 built for Electron's ABI, when
// the build's stamp is missing or names another Electron) and says in one line why not when it
// cannot. The decisions are in main/app/launcher/start-app.ts; this file only does the effects.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkElectronNative, expectedStamp } from '../dist/main/app/launcher/electron-native.js';
import { electronExecutable } from '../dist/main/app/launcher/electron-binary.js';
import { startApp } from '../dist/main/app/launcher/start-app.js';
import { electronNativeDir } from '../dist/main/app/native-layout.js';
import { abiOf } from './rebuild-electron.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = path.join(root, 'node_modules/electron');
const electronVersion = JSON.parse(
  readFileSync(path.join(electronDir, 'package.json'), 'utf8'),
).version;
const nativeDir = electronNativeDir(root, process.platform, process.arch);
/** Enough of Electron's stderr to find Chromium's fatal line near the end. */
const STDERR_KEPT = 64 * 1024;

process.exitCode = await startApp({
  platform: process.platform,
  env: process.env,
  electronVersion,
  findElectron: () => electronExecutable(electronDir, process.env),
  installElectron: () =>
    spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
      stdio: 'ignore',
      timeout: 10 * 60 * 1000,
    }),
  nativeNeed: async () =>
    checkElectronNative(
      nativeDir,
      await expectedStamp(root, process.platform, process.arch, abiOf),
    ),
  buildNative: async () => {
    // In a child process, so node-gyp's pages of output go to the log, not the terminal.
    const run = spawnSync(process.execPath, [path.join(root, 'bin/rebuild-electron.js')], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status === 0) return { ok: true };
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error?.message ?? ''}`;
    mkdirSync(nativeDir, { recursive: true });
    const log = path.join(nativeDir, 'build.log');
    writeFileSync(log, output);
    return { ok: false, output, log: path.relative(root, log) };
  },
  launch: (binary) =>
    new Promise((resolve) => {
      const child = spawn(binary, [root], { stdio: ['inherit', 'inherit', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        process.stderr.write(chunk);
        stderr = (stderr + chunk.toString()).slice(-STDERR_KEPT);
      });
      child.on('error', (error) => resolve({ code: 1, signal: null, stderr: error.message }));
      child.on('close', (code, signal) => resolve({ code, signal, stderr }));
    }),
  say: (line) => console.error(line),
});
