/**
 * The window's preload: the contract as named functions on `window.thumbdesk`, through
 * contextBridge, and nothing of Node or Electron beside them. Bundled to CommonJS (a sandboxed
 * preload can require nothing but Electron), see `build:app` in package.json.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { ThumbdeskBridge } from '../../shared/contract/api.js';
import {
  channelOf,
  DESKTOP_CHANNELS,
  EVENT_NAMES,
  OPERATION_NAMES,
  type EventName,
} from '../../shared/contract/channels.js';
import type { Outcome } from '../../shared/contract/errors.js';

const operations = Object.fromEntries(
  OPERATION_NAMES.map((name) => [
    name,
    (input?: unknown) => ipcRenderer.invoke(channelOf(name), input),
  ]),
);

const bridge = {
  ...operations,
  on(event: EventName, listener: (payload: unknown) => void) {
    if (!EVENT_NAMES.includes(event)) throw new Error(`no event named "${event}"`);
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(channelOf(event), forward);
    return () => void ipcRenderer.removeListener(channelOf(event), forward);
  },
  async pickFolder() {
    const outcome = (await ipcRenderer.invoke(DESKTOP_CHANNELS.pickFolder)) as Outcome<
      string | null
    >;
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.value;
  },
  pathForFile: (file: unknown) => webUtils.getPathForFile(file as File),
} as ThumbdeskBridge;

contextBridge.exposeInMainWorld('thumbdesk', bridge);
