/**
 * The app's lifecycle decisions, written against the little they use of Electron's `app` and
 * BrowserWindow so they are tested with stand-ins: one instance (a second launch brings the
 * first window back and hands over the folders it was given), and quitting bounded in time
 * (running jobs are aborted; if they have not stopped after a few seconds the app exits anyway,
 * rather than leaving a process with no window).
 */
import { statSync } from 'node:fs';
import path from 'node:path';

/** What the lifecycle uses of Electron's `app`. */
export interface LifecycleApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  exit(exitCode?: number): void;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string) => void,
  ): unknown;
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** What focusing uses of a BrowserWindow. */
export interface FocusableWindow {
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** How long quitting waits for jobs to stop after aborting them. */
export const QUIT_GRACE_MS = 5000;

/**
 * Brings a window to the front, un-minimising it first.
 * @example focusWindow(window)
 */
export function focusWindow(win: FocusableWindow): void {
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/**
 * The folders named on a command line: arguments that are not switches, resolved against the
 * launch's working folder, that exist as folders, other than the app's own (in development
 * Electron's argv names the checkout).
 * @example foldersInArgv(['/opt/Thumbdesk/thumbdesk', '--flag', 'photos'], '/home/ana', '/opt/Thumbdesk/resources/app.asar')
 */
export function foldersInArgv(argv: string[], workingDirectory: string, appPath: string): string[] {
  return argv
    .slice(1)
    .filter((arg) => !arg.startsWith('-'))
    .map((arg) => path.resolve(workingDirectory, arg))
    .filter((folder) => folder !== path.resolve(appPath) && isFolder(folder));
}

function isFolder(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Takes the single-instance lock. Without it (another instance runs) quits and answers false;
 * with it, calls `onSecondLaunch` with the folders each later launch names.
 * @example if (claimSingleInstance(app, app.getAppPath(), (folders) => { ... })) start();
 */
export function claimSingleInstance(
  app: LifecycleApp,
  appPath: string,
  onSecondLaunch: (folders: string[]) => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, workingDirectory) =>
    onSecondLaunch(foldersInArgv(argv, workingDirectory, appPath)),
  );
  return true;
}

/**
 * On quit, runs `close` (which aborts jobs and closes the catalog) and quits when it is done,
 * or exits after `graceMs` if it is not. `close` answers undefined when there is nothing to close.
 * @example quitWithinGrace(app, () => service?.close(), QUIT_GRACE_MS, console.error)
 */
export function quitWithinGrace(
  app: LifecycleApp,
  close: () => Promise<void> | undefined,
  graceMs: number,
  warn: (line: string) => void,
): void {
  let closing = false;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    const running = close();
    if (!running) return finish(() => app.quit());
    const timer = setTimeout(() => {
      warn(`jobs did not stop within ${graceMs / 1000} s of quitting; exiting without them`);
      finish(() => app.exit(0));
    }, graceMs);
    running
      .catch((error: unknown) => warn(`closing the library failed: ${(error as Error).message}`))
      .finally(() => {
        clearTimeout(timer);
        finish(() => app.quit());
      });
  });

  function finish(end: () => void): void {
    if (closed) return;
    closed = true;
    end();
  }
}
