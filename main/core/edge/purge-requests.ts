/**
 * The HTTP requests that purge a batch of surrogate keys (and, for CloudFront, paths) at each
 * kind of target, as each provider's API documents them:
 * - Varnish with varnish-modules' xkey: `PURGE /` with `xkey-purge: <keys, space-separated>`
 *   (the VCL in docs/varnish/thumbdesk.vcl hands it to `xkey.purge`).
 * - Fastly: `POST /service/{id}/purge` with `Surrogate-Key: <keys>` and `Fastly-Key` (purge by
 *   surrogate key; at most 256 keys a request).
 * - Cloudflare: `POST /zones/{zone}/purge_cache` with `{"tags": [...]}` and a bearer token
 *   (at most 30 tags a request).
 * - CloudFront: `POST /2020-05-31/distribution/{id}/invalidation` with an `InvalidationBatch`
 *   naming the paths, signed with AWS Signature V4 (cloudfront-signing.ts).
 * - A webhook: `POST` of `{"keys": [...], "paths": [...]}`, with an HMAC-SHA256 of the body in
 *   `X-Thumbdesk-Signature` when a secret is set.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { signAwsRequest, type AwsCredentials } from './cloudfront-signing.js';
import type { PurgeTarget } from './purge-target.js';

export interface PurgeBatch {
  keys: readonly string[];
  /** URL paths answered for the purged keys (what CloudFront invalidates). */
  paths: readonly string[];
}

export interface PurgeRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The environment each kind reads its credentials from. */
export const PURGE_ENV = {
  fastly: 'FASTLY_API_TOKEN',
  cloudflare: 'CLOUDFLARE_API_TOKEN',
  webhook: 'THUMBDESK_PURGE_WEBHOOK_SECRET',
} as const;

/** Every variable each kind's requests read, and whether a purge fails without it. */
export const PURGE_CREDENTIALS: Record<
  PurgeTarget['kind'],
  readonly { variable: string; required: boolean }[]
> = {
  varnish: [],
  fastly: [{ variable: PURGE_ENV.fastly, required: true }],
  cloudflare: [{ variable: PURGE_ENV.cloudflare, required: true }],
  cloudfront: [
    { variable: 'AWS_ACCESS_KEY_ID', required: true },
    { variable: 'AWS_SECRET_ACCESS_KEY', required: true },
    { variable: 'AWS_SESSION_TOKEN', required: false },
  ],
  webhook: [{ variable: PURGE_ENV.webhook, required: false }],
};

// Varnish's default http_req_hdr_len is 8 KiB: 200 keys of 18 characters stay well inside it.
const LIMITS = { varnish: 200, fastly: 256, cloudflare: 30, cloudfront: 3000, webhook: 1000 };

/** A purge target needs a credential the environment does not hold. */
export class MissingCredentialError extends Error {
  readonly code = 'missing-credential';
  constructor(readonly variable: string) {
    super(`${variable} is not set`);
    this.name = 'MissingCredentialError';
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new MissingCredentialError(name);
  return value;
}

/**
 * The requests that purge `batch` at `target`; none when the batch names nothing it purges
 * (CloudFront without paths).
 * @example purgeRequests(target, { keys: ['o-0123456789abcdef'], paths: [] }, process.env)
 */
export function purgeRequests(
  target: PurgeTarget,
  batch: PurgeBatch,
  env: NodeJS.ProcessEnv,
  now = new Date(),
): PurgeRequest[] {
  switch (target.kind) {
    case 'varnish':
      return chunks(batch.keys, LIMITS.varnish).map((keys) => ({
        method: 'PURGE',
        url: `${target.url}/`,
        headers: { 'xkey-purge': keys.join(' ') },
      }));
    case 'fastly': {
      const token = required(env, PURGE_ENV.fastly);
      return chunks(batch.keys, LIMITS.fastly).map((keys) => ({
        method: 'POST',
        url: `${target.url}/purge`,
        headers: {
          'Fastly-Key': token,
          'Surrogate-Key': keys.join(' '),
          Accept: 'application/json',
        },
      }));
    }
    case 'cloudflare': {
      const token = required(env, PURGE_ENV.cloudflare);
      return chunks(batch.keys, LIMITS.cloudflare).map((tags) => ({
        method: 'POST',
        url: `${target.url}/purge_cache`,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ tags }),
      }));
    }
    case 'cloudfront':
      return chunks(batch.paths, LIMITS.cloudfront).map((paths) =>
        cloudfrontInvalidation(target, paths, awsCredentials(env), now),
      );
    case 'webhook': {
      const secret = env[PURGE_ENV.webhook];
      return chunks(batch.keys, LIMITS.webhook).map((keys, i) => {
        // Paths ride with the first request only: they are not split by key.
        const body = JSON.stringify({ keys, paths: i === 0 ? batch.paths : [] });
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (secret) {
          const mac = createHmac('sha256', secret).update(body).digest('hex');
          headers['X-Thumbdesk-Signature'] = `sha256=${mac}`;
        }
        return { method: 'POST', url: target.url, headers, body };
      });
    }
  }
}

function awsCredentials(env: NodeJS.ProcessEnv): AwsCredentials {
  return {
    accessKeyId: required(env, 'AWS_ACCESS_KEY_ID'),
    secretAccessKey: required(env, 'AWS_SECRET_ACCESS_KEY'),
    sessionToken: env.AWS_SESSION_TOKEN || undefined,
  };
}

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** CreateInvalidation (API version 2020-05-31) for `paths`. */
function cloudfrontInvalidation(
  target: PurgeTarget,
  paths: readonly string[],
  credentials: AwsCredentials,
  now: Date,
): PurgeRequest {
  const items = paths.map((p) => `<Path>${xmlText(p)}</Path>`).join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<InvalidationBatch xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">' +
    `<Paths><Quantity>${paths.length}</Quantity><Items>${items}</Items></Paths>` +
    `<CallerReference>thumbdesk-${randomUUID()}</CallerReference>` +
    '</InvalidationBatch>';
  const request = {
    method: 'POST',
    url: `${target.url}/invalidation`,
    headers: { 'Content-Type': 'application/xml' },
    body,
  };
  return signAwsRequest(request, credentials, { region: 'us-east-1', service: 'cloudfront' }, now);
}
