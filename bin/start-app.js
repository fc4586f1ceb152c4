#!/usr/bin/env node
/* global process, console, URL */
// `npm start`: opens the desktop window with Electron, or, where Electron cannot start (no binary,
// no display), says so in one line, names the browser way, and exits non-zero.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);

/** The Electron executable, or null when its binary was never downloaded. */
function electronBinary() {
  try {
    // The electron package's main export is the path of the binary it downloaded at install.
    const binary = require('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * Downloads Electron's binary on first launch. package.json's allowScripts keeps electron's own
 * postinstall from running, so that `npm install` works offline and in CI; the download happens
 * here instead, once, where a window is actually wanted.
 */
function downloadElectron() {
  const installer = require.resolve('electron/install.js');
  spawnSync(process.execPath, [installer], { stdio: 'ignore', timeout: 10 * 60 * 1000 });
  // electron caches its index module's answer; ask again in a fresh process.
  const found = spawnSync(
    process.execPath,
    ['-e', "try { process.stdout.write(require('electron')) } catch {}"],
    { cwd: root, encoding: 'utf8' },
  ).stdout;
  return found && existsSync(found) ? found : null;
}

function whyNot(binary) {
  if (!binary) return "Electron's binary is not installed and could not be downloaded";
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display';
  }
  return null;
}

const binary = electronBinary() ?? downloadElectron();
const reason = whyNot(binary);
if (reason) {
  console.error(
    `Thumbdesk cannot open its window here (${reason}); use it in a browser instead: npx thumbdesk serve`,
  );
  process.exit(1);
}
const child = spawn(binary, [root], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
