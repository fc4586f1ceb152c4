import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore } from './open-store.js';
import { publish } from './publish.js';
import { backoffMs, isRetryable } from './retry.js';
import { StoreError, type ObjectStore } from './stores/object-store.js';
import { resolveTarget } from './target.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';

// The real backoff, watched: a publish given no delay of its own must ask it how long to wait.
vi.mock('./retry.js', async (importOriginal) => {
  const retry = await importOriginal<typeof import('./retry.js')>();
  return { ...retry, backoffMs: vi.fn(retry.backoffMs) };
});

const withStatus = (status: number, name = 'Error') =>
  Object.assign(new Error('x'), { name, $metadata: { httpStatusCode: status } });

describe('retries', () => {
  it('retries 5xx, SlowDown, timeouts and dropped connections, nothing else', () => {
    expect(isRetryable(withStatus(503, 'SlowDown'))).toBe(true);
    expect(isRetryable(withStatus(500))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryable(Object.assign(new Error('x'), { name: 'TimeoutError' }))).toBe(true);
    expect(
      isRetryable(new Error('wrapped', { cause: Object.assign(new Error(), { code: 'EPIPE' }) })),
    ).toBe(true);
    expect(isRetryable(withStatus(403, 'AccessDenied'))).toBe(false);
    expect(isRetryable(withStatus(404, 'NoSuchBucket'))).toBe(false);
    expect(isRetryable(new StoreError('read-only', false))).toBe(false);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(backoffMs(2, 200, 10_000, () => 0.999)).toBe(199);
    expect(backoffMs(4, 200, 10_000, () => 0.999)).toBe(799);
    expect(backoffMs(20, 200, 10_000, () => 0.999)).toBe(9990);
    expect(backoffMs(3, 200, 10_000, () => 0)).toBe(0);
  });
});

describe('publish retries', () => {
  let t: TestLibrary;
  beforeAll(async () => {
    t = await builtLibrary(['Landscape_1.jpg']);
  });
  afterAll(() => t.cleanup());

  /**
   * Publishes to a folder through a store whose puts of one key fail `failures` times with a
   * transient error before they reach the folder; counts that key's tries and the waits asked
   * (none with `ownDelay` false: the publish then waits its default backoff).
   */
  async function publishFailing(failures: number, ownDelay = true) {
    const target = resolveTarget(t.library.db, path.join(t.dir, `out-${failures}`));
    const folder = await openStore(target);
    const key = 'card/src/Landscape_1@2x.webp';
    let tries = 0;
    const waits: number[] = [];
    const store: ObjectStore = {
      put: async (request, signal) => {
        if (request.key === key && ++tries <= failures) {
          throw new StoreError(`cannot upload ${key}: HTTP 503: SlowDown`, true);
        }
        await folder.put(request, signal);
      },
      head: (k, signal) => folder.head(k, signal),
      delete: (k, signal) => folder.delete(k, signal),
      close: () => folder.close(),
    };
    try {
      const report = await publish(t.library, target, {
        store,
        retryDelayMs: ownDelay
          ? (attempt) => {
              waits.push(attempt);
              return 0;
            }
          : undefined,
      });
      return { report, tries, waits, landed: await folder.head(key, new AbortController().signal) };
    } finally {
      store.close();
    }
  }

  it('tries a request 8 times: 7 transient failures and then success is a success', async () => {
    const { report, tries, waits, landed } = await publishFailing(7);
    expect(tries).toBe(8);
    expect(waits).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(report).toMatchObject({ uploaded: 5, failed: 0, errors: [] });
    expect(landed).not.toBeNull();
  });

  it('gives up after the 8th failure, reporting the key and the reason', async () => {
    const { report, tries, landed } = await publishFailing(8);
    expect(tries).toBe(8);
    expect(report).toMatchObject({ uploaded: 4, failed: 1 });
    expect(report.errors).toEqual([
      {
        key: 'card/src/Landscape_1@2x.webp',
        error: 'cannot upload card/src/Landscape_1@2x.webp: HTTP 503: SlowDown',
      },
    ]);
    expect(landed).toBeNull();
  });

  it('waits the exponential backoff between tries when given no delay of its own', async () => {
    vi.mocked(backoffMs).mockClear();
    const { report, tries } = await publishFailing(2, false);
    expect(tries).toBe(3);
    expect(vi.mocked(backoffMs).mock.calls).toEqual([[2], [3]]);
    expect(report).toMatchObject({ uploaded: 5, failed: 0 });
  });
});
