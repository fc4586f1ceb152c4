/**
 * Who may ask for what: with keys, only URLs signed by one of them; without, any URL whatever
 * its signature segment says (as a keyless imgproxy), and only on a loopback address unless the
 * operator said otherwise.
 */
import { isLoopback } from '../listen-address.js';
import { verifySignature, type SigningPair } from './signature.js';
import { UrlApiError } from './url-api-error.js';

export interface AccessOptions {
  keys: readonly SigningPair[];
  /** Accept `insecure` URLs (no key configured) on a non-loopback address. */
  allowInsecure: boolean;
  /** The address the server listens on. */
  listenHost: string;
  /** Bytes of the digest a signature holds (imgproxy's IMGPROXY_SIGNATURE_SIZE); default 32. */
  signatureSize?: number;
}

/** What imgproxy's clients write in place of a signature; refused in words once keys are set. */
const INSECURE = 'insecure';

function decodedPath(path: string): string | undefined {
  try {
    const decoded = decodeURIComponent(path);
    return decoded === path ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/**
 * Checks a request's signature and returns the path to parse: the signed one. A signature over
 * the percent-decoded path is accepted too, because imgproxy's URL builders sign plain source
 * URLs before an HTTP client escapes them (a space, a non-ASCII name); the decoded text is then
 * what was signed and what is parsed.
 * @example const signedPath = authorize(access, 'insecure', '/w:300/plain/local:///p/a.jpg');
 */
export function authorize(access: AccessOptions, signature: string, path: string): string {
  if (access.keys.length > 0) {
    if (signature === INSECURE) {
      throw new UrlApiError(403, 'insecure URLs are refused: this server checks signatures');
    }
    if (verifySignature(signature, path, access.keys, access.signatureSize)) return path;
    const decoded = decodedPath(path);
    if (
      decoded !== undefined &&
      verifySignature(signature, decoded, access.keys, access.signatureSize)
    )
      return decoded;
    throw new UrlApiError(403, 'the signature does not match this URL');
  }
  if (!access.allowInsecure && !isLoopback(access.listenHost)) {
    throw new UrlApiError(
      403,
      'no signing key is configured and the server is not on loopback: set --key and --salt, or --allow-insecure',
    );
  }
  // As a keyless imgproxy: any signature text (`insecure`, `unsafe`, `_`, a stale one) passes.
  return path;
}
