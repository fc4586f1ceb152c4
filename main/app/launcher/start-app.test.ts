import { describe, expect, it } from 'vitest';
import type { NativeBuildNeed } from './native-stamp.js';
import { startApp, type StartDeps } from './start-app.js';

const SANDBOX_ABORT =
  "[2717:0425/223939.519683:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now.\n";

/**
 * A stand-in for the machine `npm start` runs on: each effect records that it happened, and
 * answers as the test says.
 */
function standInMachine(over: Partial<StartDeps> & { binaryAfterInstall?: string | null } = {}) {
  const happened: string[] = [];
  const lines: string[] = [];
  let installed = false;
  const deps: StartDeps = {
    platform: 'linux',
    env: { DISPLAY: ':0' },
    electronVersion: '45.5.0',
    findElectron: () => (installed ? (over.binaryAfterInstall ?? null) : null),
    installElectron: () => {
      happened.push('install');
      installed = true;
    },
    nativeNeed: async (): Promise<NativeBuildNeed> => ({ build: false }),
    buildNative: async () => {
      happened.push('build');
      return { ok: true };
    },
    launch: async (binary) => {
      happened.push(`launch ${binary}`);
      return { code: 0, signal: null, stderr: '' };
    },
    say: (line) => lines.push(line),
    ...over,
  };
  return { deps, happened, lines };
}

describe('startApp', () => {
  it('without a display says so in one line and touches nothing (no download, no build)', async () => {
    const machine = standInMachine({ env: {} });
    expect(await startApp(machine.deps)).toBe(1);
    expect(machine.happened).toEqual([]);
    expect(machine.lines).toHaveLength(1);
    expect(machine.lines[0]).toMatch(/no display.*node bin\/thumbdesk.js serve/);
  });

  it('downloads Electron once when its binary is missing, then opens the window', async () => {
    const machine = standInMachine({ binaryAfterInstall: '/e/electron' });
    expect(await startApp(machine.deps)).toBe(0);
    expect(machine.happened).toEqual(['install', 'launch /e/electron']);
    expect(machine.lines).toEqual(['Downloading Electron 45.5.0 once…']);
  });

  it('says in one line when Electron cannot be downloaded', async () => {
    const machine = standInMachine({ binaryAfterInstall: null });
    expect(await startApp(machine.deps)).toBe(1);
    expect(machine.happened).toEqual(['install']);
    expect(machine.lines[1]).toMatch(/binary is not installed and could not be downloaded/);
  });

  it('builds better-sqlite3 for Electron with one line of progress when the stamp says so', async () => {
    const machine = standInMachine({
      findElectron: () => '/e/electron',
      nativeNeed: async () => ({ build: true, reason: 'it has not been built yet' }),
    });
    expect(await startApp(machine.deps)).toBe(0);
    expect(machine.happened).toEqual(['build', 'launch /e/electron']);
    expect(machine.lines).toEqual([
      'Building better-sqlite3 for Electron 45.5.0 once (it has not been built yet); this takes a minute…',
    ]);
  });

  it('does not build when the build fits, and does not open a window when the build fails', async () => {
    const fits = standInMachine({ findElectron: () => '/e/electron' });
    await startApp(fits.deps);
    expect(fits.happened).toEqual(['launch /e/electron']);

    const failing = standInMachine({
      findElectron: () => '/e/electron',
      nativeNeed: async () => ({ build: true, reason: 'the existing build has no stamp' }),
      buildNative: async () => ({
        ok: false,
        output: 'gyp ERR! stack Error: not found: make',
        log: 'native/electron/linux-x64/build.log',
      }),
    });
    expect(await startApp(failing.deps)).toBe(1);
    expect(failing.lines).toHaveLength(2);
    expect(failing.lines[1]).toMatch(/no C\+\+ build tools.*build\.log/);
  });

  it("adds one line of advice when Electron aborts on Linux's sandbox, and keeps its exit code", async () => {
    const machine = standInMachine({
      findElectron: () => '/e/electron',
      launch: async () => ({ code: null, signal: 'SIGTRAP', stderr: SANDBOX_ABORT }),
    });
    expect(await startApp(machine.deps)).toBe(1);
    expect(machine.lines).toHaveLength(1);
    expect(machine.lines[0]).toMatch(/AppArmor/);
  });

  it('adds nothing when the window closes normally or fails for another reason', async () => {
    const other = standInMachine({
      findElectron: () => '/e/electron',
      launch: async () => ({ code: 3, signal: null, stderr: 'GPU process exited unexpectedly' }),
    });
    expect(await startApp(other.deps)).toBe(3);
    expect(other.lines).toEqual([]);
  });
});
