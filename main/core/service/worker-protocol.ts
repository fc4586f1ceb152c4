/**
 * Messages between a host and its service worker (worker-service.ts, service-worker.ts).
 */
import type { EventName, OperationName } from '../../../shared/contract/channels.js';
import type { ErrorBody } from '../../../shared/contract/errors.js';

export type ToWorker =
  | { type: 'call'; id: number; name: OperationName; input: unknown }
  | { type: 'media'; id: number; path: string }
  | { type: 'close'; id: number };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'event'; name: EventName; payload: unknown }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorBody };
