import { describe, expect, it } from 'vitest';
import { cannotOpen, displayProblem, nativeBuildFailed, sandboxAdvice } from './start-problems.js';

// Electron's stderr as recorded on Ubuntu 24.04 (electron/electron#42510 and the reports it
// links): the SUID helper variant (npm start, AppImage) and the user-namespace variant.
const SUID_ABORT = `[2717:0425/223939.519683:FATAL:setuid_sandbox_host.cc(158)] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that /home/ana/thumbdesk/node_modules/electron/dist/chrome-sandbox is owned by root and has mode 4755.
Trace/breakpoint trap (core dumped)
`;
const APPIMAGE_ABORT = `[32807:0416/022154.809419:FATAL:sandbox/linux/suid/client/setuid_sandbox_host.cc:169] The SUID sandbox helper binary was found, but is not configured correctly. Rather than run without sandboxing I'm aborting now. You need to make sure that /tmp/.mount_ThumbdaH6KwI/chrome-sandbox is owned by root and has mode 4755.
`;
const USERNS_ABORT = `[110483:110483:0415/143659.359212:FATAL:zygote_host_impl_linux.cc(127)] No usable sandbox! If you are running on Ubuntu 23.10+ or another Linux distro that has disabled unprivileged user namespaces with AppArmor, see https://chromium.googlesource.com/chromium/src/+/main/docs/security/apparmor-userns-restrictions.md. Otherwise see https://chromium.googlesource.com/chromium/src/+/main/docs/linux/suid_sandbox_development.md for more information on developing with the (older) SUID sandbox. If you want to live dangerously and need an immediate workaround, you can try using --no-sandbox.
`;
// Other ways Electron ends badly: these must not be taken for the sandbox.
const GPU_CRASH = `[1234:0101/000000.000000:ERROR:gpu_process_host.cc(991)] GPU process exited unexpectedly: exit_code=139
`;
const NO_X = `[5678:0101/000000.000000:ERROR:ozone_platform_x11.cc(240)] Missing X server or $DISPLAY
The platform failed to initialize.  Exiting.
`;

// What `node bin/rebuild-electron.js` printed on a machine without internet (recorded here).
const NO_NETWORK_BUILD = `
Error: This is most likely not a problem with node-gyp or the package itself and
is related to network connectivity. In most cases you are behind a proxy or have bad
network settings.
    at go (/work/main/node_modules/node-gyp/lib/install.js:244:21)
cannot build better-sqlite3 for Electron: node-gyp failed to rebuild '/work/main/native/electron/linux-x64/node_modules/better-sqlite3'
`;
// node-gyp without make/g++ (Debian without build-essential) and on macOS without Xcode tools.
const NO_MAKE_BUILD = `gyp ERR! build error
gyp ERR! stack Error: not found: make
gyp ERR! stack     at getNotFoundError (/x/node_modules/which/lib/index.js:16:17)
`;
const NO_XCODE_BUILD = `gyp: No Xcode or CLT version detected!
gyp ERR! configure error
`;
const COMPILE_ERROR = `../src/better_sqlite3.cpp:12:10: error: expected ';' after expression
gyp ERR! build error
`;

const oneLine = (text: string) => expect(text).not.toContain('\n');

describe('sandboxAdvice', () => {
  it.each([
    ['the SUID helper abort', SUID_ABORT],
    ["the AppImage's SUID helper abort", APPIMAGE_ABORT],
    ['the user-namespace abort', USERNS_ABORT],
  ])('recognises %s on Linux and names both fixes in one line', (_name, stderr) => {
    const advice = sandboxAdvice(`some earlier line\n${stderr}`, 'linux');
    expect(advice).toMatch(/AppArmor profile/);
    expect(advice).toContain('sysctl -w kernel.apparmor_restrict_unprivileged_userns=0');
    expect(advice).not.toMatch(/--no-sandbox/);
    oneLine(advice!);
  });

  it.each([
    ['a GPU crash', GPU_CRASH],
    ['a missing X server', NO_X],
    ['nothing at all', ''],
  ])('stays silent for %s', (_name, stderr) => {
    expect(sandboxAdvice(stderr, 'linux')).toBeNull();
  });

  it('stays silent outside Linux, whose sandbox is another one', () => {
    expect(sandboxAdvice(SUID_ABORT, 'darwin')).toBeNull();
  });
});

describe('nativeBuildFailed', () => {
  const log = 'native/electron/linux-x64/build.log';
  it.each([
    ['no network', NO_NETWORK_BUILD, /headers could not be downloaded \(no network\)/],
    ['no make', NO_MAKE_BUILD, /no C\+\+ build tools were found/],
    ['no Xcode tools', NO_XCODE_BUILD, /no C\+\+ build tools were found/],
    ['a compile error', COMPILE_ERROR, /the compiler failed/],
  ])('says in one line what is missing: %s', (_name, output, why) => {
    const line = nativeBuildFailed('45.5.0', output, log);
    expect(line).toMatch(why);
    expect(line).toContain(log);
    expect(line).toContain('node bin/thumbdesk.js serve');
    oneLine(line);
  });
});

describe('displayProblem', () => {
  it('needs a display on Linux (X11 or Wayland) only', () => {
    expect(displayProblem('linux', {})).toBe('there is no display');
    expect(displayProblem('linux', { DISPLAY: '', WAYLAND_DISPLAY: '' })).toBe(
      'there is no display',
    );
    expect(displayProblem('linux', { DISPLAY: ':0' })).toBeNull();
    expect(displayProblem('linux', { WAYLAND_DISPLAY: 'wayland-0' })).toBeNull();
    expect(displayProblem('win32', {})).toBeNull();
    expect(cannotOpen('there is no display')).toMatch(
      /cannot open its window.*node bin\/thumbdesk.js serve/,
    );
  });
});
