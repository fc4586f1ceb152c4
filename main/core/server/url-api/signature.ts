/**
 * imgproxy's URL signatures: URL-safe Base64 without padding of HMAC-SHA256(key, salt ‖ path),
 * with hex-encoded keys and salts. Several pairs may be valid at once, so keys can be rotated
 * without breaking the URLs already published.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SigningPair {
  key: Buffer;
  salt: Buffer;
}

const HEX = /^(?:[0-9a-f]{2})+$/i;
/** A SHA-256 digest is 32 bytes: 43 Base64 characters without padding. */
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

function hexBytes(value: string, what: string): Buffer {
  const trimmed = value.trim();
  if (!HEX.test(trimmed)) throw new Error(`${what} must be hex-encoded bytes, not "${value}"`);
  return Buffer.from(trimmed, 'hex');
}

/**
 * Pairs hex keys with hex salts, in order; refuses unequal counts and anything not hex.
 * @example const pairs = parseSigningPairs([process.env.KEY!], [process.env.SALT!]);
 */
export function parseSigningPairs(
  keys: readonly string[],
  salts: readonly string[],
): SigningPair[] {
  if (keys.length !== salts.length) {
    throw new Error(`each key needs a salt: got ${keys.length} key(s) and ${salts.length} salt(s)`);
  }
  return keys.map((key, i) => ({ key: hexBytes(key, 'key'), salt: hexBytes(salts[i]!, 'salt') }));
}

/**
 * The signature of `path` (everything after the signature, leading slash included).
 * @example `/${signPath(pair, '/rs:fit:300:0/plain/local:///photos/a.jpg')}/rs:fit:...`
 */
export function signPath(pair: SigningPair, path: string): string {
  return createHmac('sha256', pair.key).update(pair.salt).update(path).digest('base64url');
}

/**
 * Whether `signature` is the signature of `path` under any of the pairs. Every pair is tried
 * and compared in constant time, so the timing tells nothing about how close a guess was or
 * which pair matched. Only the canonical 43-character form is accepted.
 * @example if (!verifySignature(sig, path, pairs)) throw forbidden('signature does not match');
 */
export function verifySignature(
  signature: string,
  path: string,
  pairs: readonly SigningPair[],
): boolean {
  if (!SIGNATURE.test(signature)) return false;
  const given = Buffer.from(signature);
  let matched = false;
  for (const pair of pairs) {
    if (timingSafeEqual(given, Buffer.from(signPath(pair, path)))) matched = true;
  }
  return matched;
}
