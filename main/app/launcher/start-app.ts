/**
 * The decisions of `npm start` (bin/start-app.js), with every effect injected: whether a window
 * can open here, getting Electron's binary, building better-sqlite3 for Electron when its stamp
 * says so, and reading Electron's exit for the Linux sandbox failure. Each outcome is one line.
 */
import type { NativeBuildNeed } from './native-stamp.js';
import {
  buildingNative,
  cannotOpen,
  displayProblem,
  nativeBuildFailed,
  NO_ELECTRON_BINARY,
  sandboxAdvice,
} from './start-problems.js';

export interface StartDeps {
  platform: string;
  env: Record<string, string | undefined>;
  electronVersion: string;
  /** The binary, or null when it has not been downloaded. */
  findElectron(): string | null;
  /** Electron's own installer (its `install.js`); may fail without a word. */
  installElectron(): void;
  nativeNeed(): Promise<NativeBuildNeed>;
  /** Builds the addon; `ok: false` with everything the build printed and where that was saved. */
  buildNative(): Promise<{ ok: true } | { ok: false; output: string; log: string }>;
  /** Runs Electron on the app; resolves with its exit and the end of its stderr. */
  launch(binary: string): Promise<{ code: number | null; signal: string | null; stderr: string }>;
  /** One line for the person at the terminal. */
  say(line: string): void;
}

/**
 * Resolves with the exit code for `npm start`.
 * @example process.exitCode = await startApp(realDeps)
 */
export async function startApp(deps: StartDeps): Promise<number> {
  const noDisplay = displayProblem(deps.platform, deps.env);
  if (noDisplay) return fail(deps, cannotOpen(noDisplay));

  let binary = deps.findElectron();
  if (!binary) {
    deps.say(`Downloading Electron ${deps.electronVersion} once…`);
    deps.installElectron();
    binary = deps.findElectron();
  }
  if (!binary) return fail(deps, cannotOpen(NO_ELECTRON_BINARY));

  const need = await deps.nativeNeed();
  if (need.build) {
    deps.say(buildingNative(deps.electronVersion, need.reason));
    const built = await deps.buildNative();
    if (!built.ok)
      return fail(deps, nativeBuildFailed(deps.electronVersion, built.output, built.log));
  }

  const exit = await deps.launch(binary);
  const code = exit.code ?? (exit.signal ? 1 : 0);
  if (code !== 0) {
    const advice = sandboxAdvice(exit.stderr, deps.platform);
    if (advice) deps.say(advice);
  }
  return code;
}

function fail(deps: StartDeps, line: string): number {
  deps.say(line);
  return 1;
}
