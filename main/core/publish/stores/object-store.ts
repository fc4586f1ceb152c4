/**
 * What a publish needs of a place that holds objects: put with our SHA-256 attached, head to
 * read it back, delete. A folder and an S3 bucket both implement it.
 */
import { CodedError } from '../../../../shared/contract/errors.js';

export interface PutRequest {
  key: string;
  /** A file to send, or the bytes themselves (the manifest). */
  body: { file: string } | { data: Buffer };
  bytes: number;
  sha256: string;
  contentType: string;
  cacheControl: string;
}

export interface RemoteObject {
  /** Our SHA-256 of the bytes, as stored with the object; null when the object carries none. */
  sha256: string | null;
  bytes: number;
}

export interface ObjectStore {
  /** Resolves once the store confirmed the whole object. */
  put(request: PutRequest, signal: AbortSignal): Promise<void>;
  /** The object's identity, or null when there is no object under `key`. */
  head(key: string, signal: AbortSignal): Promise<RemoteObject | null>;
  /** Deletes the object; a missing object is not an error. */
  delete(key: string, signal: AbortSignal): Promise<void>;
  /** Releases connections. */
  close(): void;
}

/** A store refused or failed an operation; the message names the key and the reason. */
export class StoreError extends CodedError {
  constructor(
    message: string,
    /** Whether trying again later may succeed. */
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    // The store, not the request, failed: a gateway's failure (502) to a host.
    super('upstream', message, options);
    this.name = 'StoreError';
  }
}
