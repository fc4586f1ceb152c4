/**
 * The typed API the renderer programs against, whichever host it runs in, and the shape of the
 * desktop preload's bridge (`window.thumbdesk`).
 */
import type { EventName, OperationName } from './channels.js';
import type { Outcome } from './errors.js';
import type { EventPayload } from './events.js';
import type { OperationInput, OperationOutput } from './operations.js';

/** One operation as a function; operations without required input may be called bare. */
export type OperationCall<N extends OperationName> =
  Record<string, never> extends OperationInput<N>
    ? (input?: OperationInput<N>) => Promise<OperationOutput<N>>
    : (input: OperationInput<N>) => Promise<OperationOutput<N>>;

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void;

/**
 * Every operation as a method, events by subscription, and media paths turned into URLs.
 * Methods reject with a ThumbdeskError.
 * @example
 * const page = await api.listOriginals({ limit: 100, state: 'stale' });
 * const stop = api.on('jobProgress', (job) => console.log(job.progress.done));
 * img.src = api.mediaUrl(page.items[0].thumb);
 */
export type ThumbdeskApi = { [N in OperationName]: OperationCall<N> } & {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
  /** The URL an `<img>` loads a media path from, in this host. */
  mediaUrl(mediaPath: string): string;
};

/**
 * What the desktop preload exposes through contextBridge as `window.thumbdesk`: the same
 * operations answering Outcome envelopes (errors do not keep their fields across IPC), plus the
 * few things only the native shell can do.
 */
export type ThumbdeskBridge = {
  [N in OperationName]: (input?: unknown) => Promise<Outcome<OperationOutput<N>>>;
} & {
  /** Subscribes to an event; returns the unsubscribe function. */
  on(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Opens the native folder picker: the chosen folder's path, or null. */
  pickFolder(): Promise<string | null>;
  /** The real path of a file or folder dropped on the window (Electron's webUtils). */
  pathForFile(file: unknown): string;
};
