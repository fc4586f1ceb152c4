import { describe, expect, it } from 'vitest';
import { channelOf, OPERATION_NAMES } from '../../shared/contract/channels.js';
import type { Outcome } from '../../shared/contract/errors.js';
import { bindOperations, isAppFrame, type IpcMainLike, type SenderEvent } from './ipc-guard.js';

type Listener = (event: SenderEvent, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = (channel: string, event: SenderEvent, input?: unknown) =>
    handlers.get(channel)!(event, input) as Promise<Outcome<unknown>>;
  return { ipc, handlers, invoke };
}

const frame = (url: string, parent: unknown = null) =>
  ({ senderFrame: { url, parent } }) as unknown as SenderEvent;
const APP = frame('thumbdesk://app/index.html');

describe('isAppFrame', () => {
  it('trusts only the top frame of the app page', () => {
    expect(isAppFrame(APP)).toBe(true);
    expect(isAppFrame(frame('https://example.com/'))).toBe(false);
    expect(isAppFrame(frame('thumbdesk://evil/index.html'))).toBe(false);
    expect(isAppFrame(frame('file:///app/index.html'))).toBe(false);
    expect(isAppFrame(frame('thumbdesk://app/index.html', {}))).toBe(false);
    expect(isAppFrame({ senderFrame: null } as unknown as SenderEvent)).toBe(false);
    expect(isAppFrame(frame('not a url'))).toBe(false);
  });
});

describe('bindOperations', () => {
  it('binds one channel per operation and unbinds them', () => {
    const { ipc, handlers } = fakeIpcMain();
    const unbind = bindOperations(ipc, isAppFrame, async () => ({}));
    expect([...handlers.keys()].sort()).toEqual(OPERATION_NAMES.map(channelOf).sort());
    unbind();
    expect(handlers.size).toBe(0);
  });

  it('refuses an unknown sender without running the operation', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const calls: string[] = [];
    bindOperations(ipc, isAppFrame, async (name) => {
      calls.push(name);
      return { cancelled: true };
    });
    const answer = await invoke(channelOf('cancel'), frame('https://evil.example/'), {
      jobId: 1,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(calls).toEqual([]);
    expect(await invoke(channelOf('cancel'), APP, { jobId: 1 })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect(calls).toEqual(['cancel']);
  });

  it('refuses an input that does not parse, naming the field', async () => {
    const { ipc, invoke } = fakeIpcMain();
    const calls: unknown[] = [];
    bindOperations(ipc, isAppFrame, async (_name, input) => {
      calls.push(input);
      return {};
    });
    const answer = await invoke(channelOf('setFocalPoint'), APP, { id: 1, x: 2, y: 0.5 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!answer.ok && answer.error.issues?.map((i) => i.path)).toEqual(['x']);
    expect(calls).toEqual([]);
  });

  it('refuses an output that does not parse, as an internal error', async () => {
    const { ipc, invoke } = fakeIpcMain();
    bindOperations(ipc, isAppFrame, async () => ({ cancelled: 'yes' }));
    const answer = await invoke(channelOf('cancel'), APP, { jobId: 1 });
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
