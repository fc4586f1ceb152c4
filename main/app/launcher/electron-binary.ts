/**
 * Where the electron package keeps its binary. Since Electron 42 the package downloads the
 * binary the first time it is required, printing as it goes; `npm start` must decide first
 * whether a window can open at all, so it reads the same files as electron's index.js without
 * requiring it, and runs the installer itself only when the binary is missing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The executable under `electronDir` (node_modules/electron), or null when it was never
 * downloaded. ELECTRON_OVERRIDE_DIST_PATH is honoured as electron's index.js honours it.
 * @example electronExecutable(path.join(root, 'node_modules/electron'), process.env)
 */
export function electronExecutable(
  electronDir: string,
  env: Record<string, string | undefined>,
): string | null {
  let relative: string | undefined;
  try {
    relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8');
  } catch {
    relative = undefined;
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? path.join(override, relative || 'electron')
    : relative && path.join(electronDir, 'dist', relative);
  return binary && existsSync(binary) ? binary : null;
}
