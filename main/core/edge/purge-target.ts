/**
 * Purge targets as `serve --purge` names them: `<kind>:<url>`. The URL says where requests go
 * (a Varnish listener, a provider's API base for a service, zone or distribution, a webhook);
 * credentials never appear in it, they come from the environment (purge-requests.ts).
 */
import { CodedError } from '../../../shared/contract/errors.js';

export const PURGE_KINDS = ['varnish', 'fastly', 'cloudflare', 'cloudfront', 'webhook'] as const;
export type PurgeKind = (typeof PURGE_KINDS)[number];

export interface PurgeTarget {
  kind: PurgeKind;
  /** Without a trailing slash. */
  url: string;
  /** `kind:host`, for the log and metrics: never a path or query that could hold a secret. */
  label: string;
}

/** A `--purge` value that does not parse. */
export class PurgeTargetError extends CodedError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'PurgeTargetError';
  }
}

/**
 * @example parsePurgeTarget('varnish:http://127.0.0.1:6081')
 * // { kind: 'varnish', url: 'http://127.0.0.1:6081', label: 'varnish:127.0.0.1:6081' }
 */
export function parsePurgeTarget(value: string): PurgeTarget {
  const colon = value.indexOf(':');
  const kind = value.slice(0, colon) as PurgeKind;
  if (colon < 0 || !PURGE_KINDS.includes(kind)) {
    throw new PurgeTargetError(
      `"${value.slice(0, 40)}" names no purge kind: use ${PURGE_KINDS.map((k) => `${k}:<url>`).join(', ')}`,
    );
  }
  let url: URL;
  try {
    url = new URL(value.slice(colon + 1));
  } catch {
    throw new PurgeTargetError(`${kind}: needs an http(s) URL after "${kind}:"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PurgeTargetError(`${kind}: needs an http(s) URL, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new PurgeTargetError(`${kind}: credentials come from the environment, not the URL`);
  }
  return { kind, url: url.href.replace(/\/+$/, ''), label: `${kind}:${url.host}` };
}

/**
 * The target as `--purge` and the catalog name it: `kind:url`.
 * @example purgeTargetText(parsePurgeTarget('varnish:http://127.0.0.1:6081/')) === 'varnish:http://127.0.0.1:6081'
 */
export function purgeTargetText(target: PurgeTarget): string {
  return `${target.kind}:${target.url}`;
}
