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
const DIGEST_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

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
 * The signature of `path` (everything after the signature, leading slash included), cut to
 * `size` bytes of the digest as imgproxy's IMGPROXY_SIGNATURE_SIZE cuts it.
 * @example `/${signPath(pair, '/rs:fit:300:0/plain/local:///photos/a.jpg')}/rs:fit:...`
 */
export function signPath(pair: SigningPair, path: string, size = DIGEST_BYTES): string {
  const digest = createHmac('sha256', pair.key).update(pair.salt).update(path).digest();
  return digest.subarray(0, size).toString('base64url');
}

/**
 * A signature size in bytes, 1 to 32 (imgproxy's IMGPROXY_SIGNATURE_SIZE).
 * @example parseSignatureSize('8') === 8
 */
export function parseSignatureSize(value: string): number {
  const size = /^\d{1,2}$/.test(value.trim()) ? Number(value) : 0;
  if (size < 1 || size > DIGEST_BYTES) {
    throw new Error(`signature size must be 1 to ${DIGEST_BYTES} bytes, not "${value}"`);
  }
  return size;
}

/**
 * Whether `signature` is the signature of `path` under any of the pairs. Every pair is tried
 * and compared in constant time, so the timing tells nothing about how close a guess was or
 * which pair matched. Only the canonical form of `size` bytes (43 characters for 32) is accepted.
 * @example if (!verifySignature(sig, path, pairs)) throw forbidden('signature does not match');
 */
export function verifySignature(
  signature: string,
  path: string,
  pairs: readonly SigningPair[],
  size = DIGEST_BYTES,
): boolean {
  if (!BASE64URL.test(signature) || signature.length !== Math.ceil((size * 4) / 3)) return false;
  const given = Buffer.from(signature);
  let matched = false;
  for (const pair of pairs) {
    if (timingSafeEqual(given, Buffer.from(signPath(pair, path, size)))) matched = true;
  }
  return matched;
}
