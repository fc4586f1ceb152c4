/**
 * Messages between a host and its service worker (worker-service.ts, service-worker.ts).
 */
import type { EventName, OperationName } from '../../../shared/contract/channels.js';
import type { ErrorBody } from '../../../shared/contract/errors.js';
import type { UrlCatalogCall } from '../server/url-api/url-catalog.js';
import type { SecretMethod } from './secret-store.js';

export type ToWorker =
  | { type: 'call'; id: number; name: OperationName; input: unknown }
  | { type: 'media'; id: number; path: string }
  | { type: 'close'; id: number }
  /** A call of the URL API's catalog contract (server/url-api/url-catalog.ts). */
  | { type: 'url'; id: number; name: UrlCatalogCall; input: unknown }
  /** The host's answer to a `secret` request. */
  | { type: 'secretReply'; id: number; ok: true; value: unknown }
  | { type: 'secretReply'; id: number; ok: false; message: string };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'event'; name: EventName; payload: unknown }
  /** The service asks the host's secret store (which lives where the OS keychain is). */
  | { type: 'secret'; id: number; method: SecretMethod; args: unknown[] }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorBody }
  | { type: 'urlReply'; id: number; ok: true; value: unknown }
  /** A refusal (`status`, from a UrlApiError) or a failure (no status: the client sees a 500). */
  | { type: 'urlReply'; id: number; ok: false; failure: UrlFailure };

export interface UrlFailure {
  status?: number;
  message: string;
  headers?: Readonly<Record<string, string>>;
}
