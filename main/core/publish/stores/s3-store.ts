/**
 * An S3-compatible bucket (AWS, R2, MinIO, B2…) with a key prefix. Our SHA-256 travels in
 * `x-amz-meta-sha256`: an ETag is no content hash (a multipart ETag is not an MD5, and some
 * stores answer otherwise). Small objects go up in one PutObject with a Content-MD5 the store
 * checks; large ones in parts through lib-storage's Upload.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { isRetryable } from '../retry.js';
import {
  StoreError,
  type ObjectStore,
  type PutRequest,
  type RemoteObject,
} from './object-store.js';

export interface S3StoreOptions {
  bucket: string;
  /** Key prefix without slashes at either end; '' for none. */
  prefix: string;
  endpoint?: string;
  region?: string;
  pathStyle?: boolean;
  profile?: string;
  /** Credentials the host resolved (a stored secret); the SDK's default chain otherwise. */
  credentials?: S3ClientConfig['credentials'];
  /** Objects of at least this many bytes go up in parts. */
  multipartThreshold?: number;
  partSize?: number;
}

const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/**
 * @example
 * const store = new S3Store({ bucket: 'site', prefix: 'img', endpoint: 'http://127.0.0.1:4568',
 *   pathStyle: true });
 */
export class S3Store implements ObjectStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    // package.json pins an SDK that supports Node 20; its notice that later releases
    // will not is for whoever upgrades it, not for every user on every publish.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      forcePathStyle: options.pathStyle ?? false,
      profile: options.profile,
      credentials: options.credentials,
      // Our queue retries with backoff and jitter and counts the tries; the SDK must not
      // multiply them.
      maxAttempts: 1,
      // The SDK's default checksums corrupt streamed bodies on non-AWS stores.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        connectionTimeout: 10_000,
        requestTimeout: 120_000,
      },
    });
  }

  private remoteKey(key: string): string {
    return this.options.prefix ? `${this.options.prefix}/${key}` : key;
  }

  private where(key: string): string {
    return `s3://${this.options.bucket}/${this.remoteKey(key)}`;
  }

  private fail(action: string, key: string, error: unknown): never {
    if ((error as Error).name === 'AbortError') throw error;
    const e = error as { name?: string; Code?: string; code?: string; message?: string };
    const status = statusOf(error);
    const reason = [status && `HTTP ${status}`, e.Code ?? e.code ?? e.name, e.message]
      .filter(Boolean)
      .join(': ');
    throw new StoreError(`cannot ${action} ${this.where(key)}: ${reason}`, isRetryable(error), {
      cause: error,
    });
  }

  async put(request: PutRequest, signal: AbortSignal): Promise<void> {
    const params = {
      Bucket: this.options.bucket,
      Key: this.remoteKey(request.key),
      ContentType: request.contentType,
      CacheControl: request.cacheControl,
      Metadata: { sha256: request.sha256 },
    };
    try {
      if (
        'file' in request.body &&
        request.bytes >= (this.options.multipartThreshold ?? MULTIPART_THRESHOLD)
      ) {
        const upload = new Upload({
          client: this.client,
          params: { ...params, Body: createReadStream(request.body.file) },
          partSize: this.options.partSize ?? PART_SIZE,
          queueSize: 2,
          leavePartsOnError: false,
        });
        const onAbort = () => void upload.abort();
        signal.addEventListener('abort', onAbort);
        try {
          await upload.done();
        } finally {
          signal.removeEventListener('abort', onAbort);
        }
        return;
      }
      const data = 'data' in request.body ? request.body.data : await readFile(request.body.file);
      await this.client.send(
        new PutObjectCommand({
          ...params,
          Body: data,
          ContentLength: data.length,
          ContentMD5: createHash('md5').update(data).digest('base64'),
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      this.fail('upload', request.key, error);
    }
  }

  async head(key: string, signal: AbortSignal): Promise<RemoteObject | null> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.remoteKey(key) }),
        { abortSignal: signal },
      );
      return { sha256: head.Metadata?.sha256 ?? null, bytes: head.ContentLength ?? 0 };
    } catch (error) {
      if (statusOf(error) === 404) return null;
      this.fail('read', key, error);
    }
  }

  async delete(key: string, signal: AbortSignal): Promise<void> {
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.remoteKey(key) }),
        { abortSignal: signal },
      );
    } catch (error) {
      this.fail('delete', key, error);
    }
  }

  close(): void {
    this.client.destroy();
  }
}
