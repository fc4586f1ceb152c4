/**
 * The one wrapper every IPC handler goes through (Electron Fiddle's model): the sender must be
 * the app's own page in a top-level frame, the input must parse with the contract's schema, and
 * so must the output. Answers are Outcome envelopes, since an Error loses its fields in IPC.
 * Electron is only a type here, so the wrapper is tested without it (an ipcMain-like object).
 */
import type { IpcMainInvokeEvent } from 'electron';
import { channelOf, OPERATION_NAMES, type OperationName } from '../../shared/contract/channels.js';
import { ThumbdeskError, type Outcome } from '../../shared/contract/errors.js';
import { parseOrThrow } from '../../shared/contract/parse-or-throw.js';
import { operations } from '../../shared/contract/operations.js';

/** The origin the window's page is served from, by the app's own protocol. */
export const APP_ORIGIN = 'thumbdesk://app';

/** What the wrapper needs of an invoke event. */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'senderFrame'>;

/** What the wrapper needs of ipcMain. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/**
 * Whether an IPC message comes from the app's page itself: a top-level frame whose URL has the
 * app's origin (not an iframe, not a page navigated elsewhere).
 * @example isAppFrame(event) // false for an event from https://example.com
 */
export function isAppFrame(event: SenderEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

function failure(error: unknown): Outcome<never> {
  const known =
    error instanceof ThumbdeskError
      ? error
      : new ThumbdeskError({ code: 'internal', message: (error as Error)?.message ?? 'failed' });
  return { ok: false, error: known.toBody() };
}

const UNTRUSTED: Outcome<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'this frame may not use the app' },
};

/**
 * Registers one guarded handler: `work` runs only for the app's own frame, and whatever it
 * throws becomes an error envelope.
 * @example handleGuarded(ipcMain, 'thumbdesk:pickFolder', isAppFrame, () => pickFolder());
 */
export function handleGuarded(
  ipc: IpcMainLike,
  channel: string,
  trusted: (event: SenderEvent) => boolean,
  work: (input: unknown) => unknown,
): void {
  ipc.handle(channel, async (event, input) => {
    if (!trusted(event)) return UNTRUSTED;
    try {
      return { ok: true, value: await work(input) };
    } catch (error) {
      return failure(error);
    }
  });
}

/**
 * Binds every operation of the contract to its channel; returns a function that unbinds them.
 * @example
 * const unbind = bindOperations(ipcMain, isAppFrame, (name, input) => service.call(name, input));
 */
export function bindOperations(
  ipc: IpcMainLike,
  trusted: (event: SenderEvent) => boolean,
  run: (name: OperationName, input: unknown) => Promise<unknown>,
): () => void {
  for (const name of OPERATION_NAMES) {
    const schema = operations[name];
    handleGuarded(ipc, channelOf(name), trusted, async (raw) => {
      const input = parseOrThrow(schema.input, raw ?? {}, name);
      return parseOrThrow(schema.output, await run(name, input), `${name} answered`, 'internal');
    });
  }
  return () => {
    for (const name of OPERATION_NAMES) ipc.removeHandler(channelOf(name));
  };
}
