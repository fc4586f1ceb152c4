import { EventEmitter } from 'node:events';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/test-support/fixtures.js';
import {
  claimSingleInstance,
  focusWindow,
  foldersInArgv,
  quitWithinGrace,
  type LifecycleApp,
} from './lifecycle.js';

/**
 * A stand-in for Electron's `app`: `quit()` emits `will-quit` as Electron does and ends only if
 * no listener prevents it; `exit()` ends at once. It records how it ended.
 */
class StandInApp extends EventEmitter implements LifecycleApp {
  ended: 'quit' | 'exit' | undefined;
  quitCalls = 0;
  constructor(private readonly lockFree = true) {
    super();
  }
  requestSingleInstanceLock(): boolean {
    return this.lockFree;
  }
  quit(): void {
    this.quitCalls++;
    let prevented = false;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.ended ??= 'quit';
  }
  exit(): void {
    this.ended ??= 'exit';
  }
}

/** A stand-in for a BrowserWindow that logs what was done to it. */
function standInWindow(minimized: boolean) {
  const done: string[] = [];
  return {
    done,
    isMinimized: () => minimized,
    restore: () => done.push('restore'),
    show: () => done.push('show'),
    focus: () => done.push('focus'),
  };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
beforeAll(async () => {
  tmp = await makeTempDir();
  await mkdir(path.join(tmp.dir, 'photos'));
});
afterAll(() => tmp.cleanup());

describe('single instance', () => {
  it('a second launch quits at once and registers nothing', () => {
    const app = new StandInApp(false);
    expect(claimSingleInstance(app, '/app', () => undefined)).toBe(false);
    expect(app.ended).toBe('quit');
    expect(app.listenerCount('second-instance')).toBe(0);
  });

  it('the first instance hears each later launch, with the folders it named', () => {
    const app = new StandInApp();
    const heard: string[][] = [];
    expect(claimSingleInstance(app, '/app', (folders) => heard.push(folders))).toBe(true);
    app.emit(
      'second-instance',
      {},
      ['/opt/Thumbdesk/thumbdesk', '--enable-logging', 'photos', 'missing', '/app'],
      tmp.dir,
    );
    app.emit('second-instance', {}, ['/opt/Thumbdesk/thumbdesk'], tmp.dir);
    expect(heard).toEqual([[path.join(tmp.dir, 'photos')], []]);
  });

  it('focusing restores a minimised window first', () => {
    const minimised = standInWindow(true);
    focusWindow(minimised);
    expect(minimised.done).toEqual(['restore', 'show', 'focus']);
    const behind = standInWindow(false);
    focusWindow(behind);
    expect(behind.done).toEqual(['show', 'focus']);
  });

  it('reads folders from argv without the executable, switches or the app itself', () => {
    const photos = path.join(tmp.dir, 'photos');
    expect(foldersInArgv([photos, photos, `--x=${photos}`, tmp.dir], '/', tmp.dir)).toEqual([
      photos,
    ]);
  });
});

describe('quitting', () => {
  it('waits for the library to close, then quits (once, however often quit is asked)', async () => {
    const app = new StandInApp();
    let closes = 0;
    let finishClose = () => {};
    quitWithinGrace(
      app,
      () => {
        closes++;
        return new Promise<void>((resolve) => (finishClose = resolve));
      },
      1000,
      () => undefined,
    );
    app.quit();
    app.quit();
    expect(app.ended).toBeUndefined();
    finishClose();
    await settle(10);
    expect([app.ended, closes]).toEqual(['quit', 1]);
  });

  it('exits after the grace time when a job ignores its abort, saying so', async () => {
    const app = new StandInApp();
    const warnings: string[] = [];
    quitWithinGrace(
      app,
      () => new Promise<void>(() => {}),
      50,
      (line) => warnings.push(line),
    );
    app.quit();
    await settle(20);
    expect(app.ended).toBeUndefined();
    await settle(80);
    expect(app.ended).toBe('exit');
    expect(warnings).toEqual(['jobs did not stop within 0.05 s of quitting; exiting without them']);
  });

  it('quits at once when there is nothing to close, and after a failed close', async () => {
    const idle = new StandInApp();
    quitWithinGrace(
      idle,
      () => undefined,
      1000,
      () => undefined,
    );
    idle.quit();
    expect(idle.ended).toBe('quit');

    const failing = new StandInApp();
    const warnings: string[] = [];
    quitWithinGrace(
      failing,
      () => Promise.reject(new Error('disk gone')),
      1000,
      (line) => warnings.push(line),
    );
    failing.quit();
    await settle(10);
    expect([failing.ended, warnings]).toEqual(['quit', ['closing the library failed: disk gone']]);
  });
});
