/**
 * The desktop app's main process: lifecycle, the one window, its security settings, menus, and
 * the contract bound to IPC. Everything it does is in main/core; this file only wires Electron
 * to it, and cannot run on machines without Electron's binary (use `thumbdesk serve` there).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  safeStorage,
  session,
  utilityProcess,
  type WebContents,
} from 'electron';
import { channelOf, DESKTOP_CHANNELS, EVENT_NAMES } from '../../shared/contract/channels.js';
import type { MenuCommand } from '../../shared/contract/events.js';
import { RenderProcesses } from '../core/imaging/render-process.js';
import type { ServiceHandle } from '../core/service/service-host.js';
import { startServiceWorker } from '../core/service/worker-service.js';
import { answerAppRequest, APP_PAGE, APP_SCHEME } from './app-protocol.js';
import { APP_ORIGIN, bindOperations, handleGuarded, isAppFrame } from './ipc-guard.js';
import { claimSingleInstance, focusWindow, QUIT_GRACE_MS, quitWithinGrace } from './lifecycle.js';
import { menuTemplate } from './menu.js';
import { electronSqliteAddon } from './native-layout.js';
import { denyAllPermissions } from './permissions.js';
import { safeStorageCipher } from './safe-storage.js';
import { SecretFile } from './secret-file.js';
import { utilityRenderChild } from './utility-render.js';
import { RENDER_CHILD_BUNDLE, SERVICE_WORKER_BUNDLE, unpackedPath } from './worker-bundle.js';

const HERE = path.dirname(fileURLToPath(import.meta.url)); // dist/main/app
const ROOT = path.resolve(HERE, '../../..');
const RENDERER_DIR = path.join(ROOT, 'dist/renderer');
const PRELOAD = path.join(HERE, 'preload.cjs');
/**
 * better-sqlite3 built for Electron's ABI: beside app.asar in a package (electron-builder.yml's
 * extraResources), else the copy `npm start` builds in native/electron/ (README, "Native modules").
 */
const ELECTRON_SQLITE = electronSqliteAddon({
  packaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  root: ROOT,
  platform: process.platform,
  arch: process.arch,
});

// Before `ready`: the app's scheme behaves like https (origin, fetch, secure context).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let service: ServiceHandle | undefined;
let window: BrowserWindow | undefined;

/** Every web contents: no navigation away from the app, no new windows, no webviews. */
function lockDown(contents: WebContents): void {
  // The event's own url: the listener's second argument is deprecated.
  contents.on('will-navigate', (event) => {
    if (!event.url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!event.url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The library and its service, in a worker thread: SQLite and scans stay off this thread. Keys
 * typed into the Publish screen are kept by safeStorage in their own file, never in the catalog.
 */
function openLibrary(): Promise<ServiceHandle> {
  const userData = app.getPath('userData');
  // Node's build in node_modules cannot load in Electron: without Electron's, say how to get it.
  if (!existsSync(ELECTRON_SQLITE)) {
    throw new Error(
      `better-sqlite3 for Electron is missing (${ELECTRON_SQLITE}); start the app with npm start, which builds it`,
    );
  }
  return startServiceWorker(path.join(userData, 'library'), {
    nativeBinding: ELECTRON_SQLITE,
    // The bundled worker, outside app.asar in a package (electron-builder.yml's asarUnpack).
    workerFile: unpackedPath(path.join(ROOT, SERVICE_WORKER_BUNDLE)),
    // Previews render in a utility process this thread kills past its time (the worker's own
    // renders could not be stopped, and `fork` cannot start Node with the RunAsNode fuse off).
    renderer: new RenderProcesses(1, () =>
      utilityRenderChild(utilityProcess.fork, unpackedPath(path.join(ROOT, RENDER_CHILD_BUNDLE))),
    ),
    secrets: new SecretFile(
      path.join(userData, 'secrets.json'),
      safeStorageCipher(process.platform, safeStorage),
    ),
  });
}

function createWindow(current: ServiceHandle): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 800,
    minHeight: 520,
    show: false,
    title: 'Thumbdesk',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  const stops = EVENT_NAMES.map((name) =>
    current.on(name, (payload: unknown) => win.webContents.send(channelOf(name), payload)),
  );
  win.on('closed', () => {
    for (const stop of stops) stop();
    window = undefined;
  });
  void win.loadURL(APP_PAGE);
  return win;
}

function sendMenuCommand(command: MenuCommand): void {
  window?.webContents.send(channelOf('menuCommand'), command);
}

async function start(): Promise<void> {
  await app.whenReady();
  const current = await openLibrary();
  service = current;
  denyAllPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, (request) =>
    answerAppRequest(request.url, {
      rendererDir: RENDERER_DIR,
      media: (mediaPath) => current.media(mediaPath),
    }),
  );
  bindOperations(ipcMain, isAppFrame, (name, input) => current.call(name, input));
  // Since Electron 43 the dialog opens in Downloads unless told where: start in Pictures, then
  // beside the folder picked last, as the OS dialogs used to remember.
  let pickFrom = app.getPath('pictures');
  handleGuarded(ipcMain, DESKTOP_CHANNELS.pickFolder, isAppFrame, async () => {
    const options = {
      title: 'Add folder',
      defaultPath: pickFrom,
      properties: ['openDirectory' as const],
    };
    const picked = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    const folder = picked.canceled ? null : (picked.filePaths[0] ?? null);
    if (folder) pickFrom = path.dirname(folder);
    return folder;
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate(sendMenuCommand, process.platform === 'darwin')),
  );
  window = createWindow(current);
  // Watch mode is on by default in the app; the UI turns it off and on with the same operation.
  current.call('watch', { on: true }).catch((error: unknown) => {
    console.error(`watch mode is off: ${(error as Error).message}`);
  });
  app.on('activate', () => {
    if (!window) window = createWindow(current);
  });
}

app.on('web-contents-created', (_event, contents) => lockDown(contents));
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
// Quitting aborts running jobs and closes the catalog, but never waits longer than the grace.
quitWithinGrace(
  app,
  () => {
    const current = service;
    service = undefined;
    return current?.close();
  },
  QUIT_GRACE_MS,
  (line) => console.error(line),
);

/** A later launch: bring the window back (or open it again) and add the folders it names. */
function secondLaunch(folders: string[]): void {
  const current = service;
  if (!current) return; // still starting: the first window is on its way
  if (window) focusWindow(window);
  else window = createWindow(current);
  for (const folder of folders) {
    current.call('addSource', { path: folder }).catch((error: unknown) => {
      console.error(`cannot add ${folder}: ${(error as Error).message}`);
    });
  }
}

if (claimSingleInstance(app, app.getAppPath(), secondLaunch)) {
  start().catch((error: unknown) => {
    dialog.showErrorBox('Thumbdesk cannot start', (error as Error).message);
    app.exit(1);
  });
}
