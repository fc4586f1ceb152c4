/**
 * The one-line messages of `npm start` (bin/start-app.js) and how it recognises what went wrong:
 * no Electron binary, no display, a native build that is needed or failed, and the Linux
 * sandbox that Ubuntu 23.10+ stops. Electron and node-gyp report these only as text on stderr,
 * so recognising that text is the only way; every pattern is tested with recorded output.
 */

const BROWSER_WAY = 'use it in a browser instead: node bin/thumbdesk.js serve';

/**
 * The line printed when the window cannot open here.
 * @example cannotOpen('there is no display')
 */
export function cannotOpen(reason: string): string {
  return `Thumbdesk cannot open its window here (${reason}); ${BROWSER_WAY}`;
}

/** Why no window can open on this machine before Electron is even looked for, or null. */
export function displayProblem(
  platform: string,
  env: Record<string, string | undefined>,
): string | null {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display';
  return null;
}

export const NO_ELECTRON_BINARY =
  "Electron's binary is not installed and could not be downloaded (npx install-electron --no downloads it)";

/**
 * The progress line before a native build.
 * @example buildingNative('45.5.0', 'it has not been built yet')
 */
export function buildingNative(electronVersion: string, reason: string): string {
  return `Building better-sqlite3 for Electron ${electronVersion} once (${reason}); this takes a minute…`;
}

const NO_NETWORK =
  /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b|getaddrinfo|socket hang up|related to network connectivity/;
const NO_COMPILER =
  /not found: (make|g\+\+|gcc|cc|c\+\+)\b|(make|g\+\+|gcc|c\+\+): (not found|No such file or directory|command not found)|No Xcode or CLT|xcode-select: error|Could not find any Visual Studio|find any Python|Could not find any Python/;

/**
 * One line saying why the native build failed, from what the build printed.
 * @example nativeBuildFailed('45.5.0', output, 'native/electron/linux-x64/build.log')
 */
export function nativeBuildFailed(electronVersion: string, output: string, log: string): string {
  const why = NO_NETWORK.test(output)
    ? "Electron's headers could not be downloaded (no network)"
    : NO_COMPILER.test(output)
      ? 'no C++ build tools were found (Python 3, make and g++ or clang; Xcode tools on macOS; Visual Studio Build Tools on Windows)'
      : 'the compiler failed';
  return `Cannot build better-sqlite3 for Electron ${electronVersion}: ${why}; details in ${log}. Fix that and run npm start again, or ${BROWSER_WAY}`;
}

/** Chromium's own words when its Linux sandbox cannot start (setuid helper or user namespaces). */
const SANDBOX_ABORT =
  /The SUID sandbox helper binary was found, but is not configured correctly|No usable sandbox!|setuid_sandbox_host\.cc/;

/**
 * The one line that says what to do when Electron aborted because the Linux sandbox could not
 * start (Ubuntu 23.10+ restricts unprivileged user namespaces with AppArmor), or null when the
 * output shows another failure. The sandbox is never turned off for the user.
 * @example sandboxAdvice(stderrText, process.platform)
 */
export function sandboxAdvice(stderr: string, platform: string): string | null {
  if (platform !== 'linux' || !SANDBOX_ABORT.test(stderr)) return null;
  return (
    "Electron's sandbox cannot start: this Linux (Ubuntu 23.10 and later) restricts unprivileged " +
    'user namespaces with AppArmor. Add the AppArmor profile in docs/desktop-checklist.md ' +
    '("Ubuntu sandbox"), or allow them for everyone with ' +
    '`sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`; Thumbdesk does not run without its sandbox.'
  );
}
