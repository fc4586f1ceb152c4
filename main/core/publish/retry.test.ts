import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryable } from './retry.js';
import { StoreError } from './stores/object-store.js';

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
