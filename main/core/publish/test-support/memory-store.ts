/**
 * An object store in memory for publish tests that need to see every request a publish makes
 * (which keys it looks at, sends, deletes, and how many at once), without a bucket or a folder.
 */
import type { ObjectStore, PutRequest, RemoteObject } from '../stores/object-store.js';

/**
 * Holds each object's identity; `calls` lists the requests in the order they came,
 * as `head <key>`, `put <key>` or `delete <key>`.
 * @example
 * const store = new MemoryStore();
 * await publish(library, target, { store });
 * expect(store.calls.filter((c) => c.startsWith('head '))).toEqual([]);
 */
export class MemoryStore implements ObjectStore {
  readonly objects = new Map<string, RemoteObject>();
  readonly calls: string[] = [];
  /** The last put request of each key, whole: its body, content type and cache control. */
  readonly requests = new Map<string, PutRequest>();
  /** The most puts that were under way at once. */
  maxInFlight = 0;
  private inFlight = 0;

  /** Called once an object landed, before the put resolves: a test may fail or cancel there. */
  constructor(private readonly landed: (request: PutRequest) => void = () => {}) {}

  async put(request: PutRequest): Promise<void> {
    this.calls.push(`put ${request.key}`);
    this.requests.set(request.key, request);
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    // A turn of the event loop, so that puts started together are in flight together.
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    this.objects.set(request.key, { sha256: request.sha256, bytes: request.bytes });
    this.landed(request);
  }

  head(key: string): Promise<RemoteObject | null> {
    this.calls.push(`head ${key}`);
    return Promise.resolve(this.objects.get(key) ?? null);
  }

  delete(key: string): Promise<void> {
    this.calls.push(`delete ${key}`);
    this.objects.delete(key);
    return Promise.resolve();
  }

  close(): void {}

  /** The keys of the requests of one kind, in order. */
  keysOf(kind: 'head' | 'put' | 'delete'): string[] {
    return this.calls.filter((c) => c.startsWith(`${kind} `)).map((c) => c.slice(kind.length + 1));
  }
}
