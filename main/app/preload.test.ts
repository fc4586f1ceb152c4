import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ThumbdeskBridge } from '../../shared/contract/api.js';
import { channelOf, OPERATION_NAMES } from '../../shared/contract/channels.js';

// The preload's whole world is these three Electron objects; fakes record what it does with them.
const exposed: Record<string, unknown> = {};
const invoked: [string, unknown][] = [];
const listeners = new Map<string, Set<(...args: unknown[]) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
  ipcRenderer: {
    invoke: async (channel: string, input?: unknown) => {
      invoked.push([channel, input]);
      return channel === 'thumbdesk:pickFolder'
        ? { ok: true, value: '/photos' }
        : { ok: true, value: null };
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      listeners.get(channel)?.delete(listener),
  },
  webUtils: { getPathForFile: (file: { name: string }) => `/real/${file.name}` },
}));

let bridge: ThumbdeskBridge;

beforeAll(async () => {
  await import('./preload.js');
  bridge = exposed.thumbdesk as ThumbdeskBridge;
});

describe('the preload', () => {
  it('exposes only window.thumbdesk, with every operation as a named function', async () => {
    expect(Object.keys(exposed)).toEqual(['thumbdesk']);
    for (const name of OPERATION_NAMES) expect(typeof bridge[name], name).toBe('function');
    await bridge.listOriginals({ limit: 5 });
    expect(invoked.at(-1)).toEqual([channelOf('listOriginals'), { limit: 5 }]);
  });

  it('subscribes to contract events only, and unsubscribes', () => {
    const heard: unknown[] = [];
    const stop = bridge.on('jobProgress', (payload) => heard.push(payload));
    for (const listener of listeners.get(channelOf('jobProgress')) ?? []) listener({}, { id: 1 });
    expect(heard).toEqual([{ id: 1 }]);
    stop();
    expect(listeners.get(channelOf('jobProgress'))?.size).toBe(0);
    expect(() => bridge.on('shell' as never, () => undefined)).toThrow(/no event named/);
  });

  it('picks folders and finds dropped files through the main process and webUtils', async () => {
    expect(await bridge.pickFolder()).toBe('/photos');
    expect(bridge.pathForFile({ name: 'trip' })).toBe('/real/trip');
  });
});
