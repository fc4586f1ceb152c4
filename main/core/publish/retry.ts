/**
 * When a failed request is worth another try, and how long to wait first: exponential backoff
 * with full jitter, so many uploads failing at once do not come back at once.
 */
import { StoreError } from './stores/object-store.js';

const RETRYABLE_CODES = new Set([
  'SlowDown',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ThrottlingException',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);

/** Tries per object, the first included. */
export const MAX_ATTEMPTS = 8;

/**
 * Whether an error from a store is transient: a 5xx, SlowDown, a timeout or a dropped
 * connection.
 * @example isRetryable(Object.assign(new Error('reset'), { code: 'ECONNRESET' })) === true
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof StoreError) return error.retryable;
  const e = error as {
    name?: string;
    code?: string;
    Code?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
    cause?: unknown;
  };
  if (!e || typeof e !== 'object') return false;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if ([e.name, e.code, e.Code].some((c) => c !== undefined && RETRYABLE_CODES.has(c))) return true;
  if (e.$retryable) return true;
  return e.cause !== undefined && e.cause !== error && isRetryable(e.cause);
}

/**
 * The wait before try `attempt` (2 for the first retry): a random time up to
 * base × 2^(attempt − 2), capped.
 * @example backoffMs(3) // somewhere in [0, 400) with the defaults
 */
export function backoffMs(attempt: number, baseMs = 200, capMs = 10_000, random = Math.random) {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 2)));
}
