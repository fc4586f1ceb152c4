/**
 * S3 in tests and benchmarks: s3rver on 127.0.0.1 in a temp folder, a client for it, and a proxy
 * in front of it that counts requests, slows them down, or fails some on purpose.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { makeTempDir } from '../../test-support/fixtures.js';

export const BUCKET = 'site';

/** s3rver checks no signatures, but the SDK needs credentials to sign with. */
export const S3_ENV = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_REGION: 'us-east-1',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface TestS3 {
  endpoint: string;
  port: number;
  client: S3Client;
  stop(): Promise<void>;
}

/**
 * @example const s3 = await startS3(); afterAll(() => s3.stop());
 */
export async function startS3(): Promise<TestS3> {
  Object.assign(process.env, S3_ENV);
  const tmp = await makeTempDir('thumbdesk-s3rver-');
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: tmp.dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = s3Client(endpoint);
  return {
    endpoint,
    port,
    client,
    async stop() {
      client.destroy();
      await server.close();
      await tmp.cleanup();
    },
  };
}

/** A client as the publisher configures one, for checking what landed. */
export function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export interface StoredObject {
  key: string;
  bytes: number;
  sha256: string | undefined;
  contentType: string | undefined;
  cacheControl: string | undefined;
}

/** Every object under `prefix`, with its headers, by key. */
export async function listBucket(
  client: S3Client,
  prefix = '',
): Promise<Map<string, StoredObject>> {
  const objects = new Map<string, StoredObject>();
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    for (const item of page.Contents ?? []) {
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: item.Key! }));
      objects.set(item.Key!, {
        key: item.Key!,
        bytes: head.ContentLength ?? 0,
        sha256: head.Metadata?.sha256,
        contentType: head.ContentType,
        cacheControl: head.CacheControl,
      });
    }
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

/** One object's bytes. */
export async function getObject(client: S3Client, key: string): Promise<Buffer> {
  const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

export interface ProxyOptions {
  /** Fail every n-th request, alternately with a 503 SlowDown and a connection reset. */
  failEvery?: number;
  /** Hold each request this long before passing it on. */
  delayMs?: number;
  /** Called for every request as it arrives, before it is failed, held or passed on. */
  onRequest?: (request: http.IncomingMessage) => void;
  /** Called when a request passed on got its answer. */
  onAnswered?: (method: string, path: string, status: number) => void;
  /**
   * Whether to keep an answer from the client: the store did the work (an object landed), the
   * client never hears of it. Held connections stay open until the proxy stops.
   */
  holdAnswer?: (method: string, path: string, status: number) => boolean;
}

export interface Proxy {
  endpoint: string;
  /** Requests received, by method. */
  requests: Map<string, number>;
  failures: number;
  stop(): Promise<void>;
}

const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';

/**
 * @example const proxy = await startProxy(s3.port, { failEvery: 5 });
 */
export async function startProxy(upstreamPort: number, options: ProxyOptions = {}): Promise<Proxy> {
  const requests = new Map<string, number>();
  let seen = 0;
  let failures = 0;
  const upstreams = new Set<http.ClientRequest>();
  const server = http.createServer((req, res) => {
    seen += 1;
    requests.set(req.method!, (requests.get(req.method!) ?? 0) + 1);
    options.onRequest?.(req);
    if (options.failEvery && seen % options.failEvery === 0) {
      failures += 1;
      if (failures % 2 === 1) {
        req.resume();
        req.on('end', () => {
          res.writeHead(503, { 'content-type': 'application/xml' });
          res.end(SLOW_DOWN);
        });
      } else {
        req.socket.destroy();
      }
      return;
    }
    const forward = () => {
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          answer.on('end', () => options.onAnswered?.(req.method!, req.url!, answer.statusCode!));
          if (options.holdAnswer?.(req.method!, req.url!, answer.statusCode!)) {
            answer.resume();
            return;
          }
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        },
      );
      upstreams.add(upstream);
      upstream.on('close', () => upstreams.delete(upstream));
      upstream.on('error', () => req.socket.destroy());
      req.pipe(upstream);
    };
    if (options.delayMs) setTimeout(forward, options.delayMs);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    get failures() {
      return failures;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        // A client killed mid-request leaves its upstream half sent; s3rver would wait for it.
        for (const upstream of upstreams) upstream.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
