/**
 * The contract over HTTP, for the UI served by `thumbdesk serve`: `fetch` for operations,
 * EventSource for events, the admin token in a header (or, for images and the event stream,
 * which cannot send one, in the query).
 */
import {
  EVENT_NAMES,
  OPERATION_NAMES,
  ThumbdeskError,
  type EventName,
  type JobView,
  type OperationName,
} from '../../../shared/contract/index.js';
import type { ThumbdeskClient } from './client.js';
import { filesOfDrop, pickFolderFiles, type NamedFile } from './browser-files.js';

/** Files per upload request: big enough to be quick, small enough to show progress. */
const BATCH_FILES = 100;
const BATCH_BYTES = 64 * 1024 * 1024;

function batches(files: readonly NamedFile[]): NamedFile[][] {
  const out: NamedFile[][] = [];
  let current: NamedFile[] = [];
  let bytes = 0;
  for (const file of files) {
    if (
      current.length >= BATCH_FILES ||
      (current.length > 0 && bytes + file.file.size > BATCH_BYTES)
    ) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.file.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

async function failure(res: Response): Promise<ThumbdeskError> {
  const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
  const error = body?.error as { code?: string; message?: string } | undefined;
  if (error?.code && error.message) return new ThumbdeskError(error as never);
  return new ThumbdeskError({ code: 'internal', message: `${res.status} ${res.statusText}` });
}

/**
 * @example const api = createHttpClient({ origin: location.origin, token });
 */
export function createHttpClient(options: { origin: string; token: string }): ThumbdeskClient {
  const { origin, token } = options;
  const auth = { Authorization: `Bearer ${token}` };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  const post = async (path: string, body: BodyInit, headers: Record<string, string>) => {
    const res = await fetch(`${origin}/api/${path}`, { method: 'POST', headers, body });
    if (!res.ok) throw await failure(res);
    return res.json() as Promise<unknown>;
  };

  const upload = async (files: readonly NamedFile[]): Promise<JobView | null> => {
    let last: JobView | null = null;
    for (const batch of batches(files)) {
      const form = new FormData();
      for (const { name, file } of batch) {
        form.append('name', name);
        form.append('file', file);
      }
      last = (await post('uploadFiles', form, auth)) as JobView;
    }
    return last;
  };

  const openEvents = () => {
    source = new EventSource(`${origin}/api/events?token=${encodeURIComponent(token)}`);
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (event) => {
        const payload = JSON.parse((event as MessageEvent<string>).data) as unknown;
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };

  const operations = Object.fromEntries(
    OPERATION_NAMES.map((name: OperationName) => [
      name,
      (input: unknown = {}) =>
        post(name, JSON.stringify(input), { ...auth, 'Content-Type': 'application/json' }),
    ]),
  );

  return {
    ...(operations as unknown as ThumbdeskClient),
    on(event, listener) {
      if (!source) openEvents();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
    // A media path may carry its own query (the service's `?v=` version).
    mediaUrl: (mediaPath) =>
      `${origin}/media/${mediaPath}${mediaPath.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`,
    addFolder: async () => {
      const files = await pickFolderFiles();
      return files.length > 0 ? upload(files) : null;
    },
    addDropped: async (data) => {
      const files = await filesOfDrop(data);
      return files.length > 0 ? upload(files) : null;
    },
  };
}
