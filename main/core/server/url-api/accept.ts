/**
 * Format negotiation from the `Accept` header, as imgproxy does it: AVIF and WebP only when the
 * client names them (browsers that decode them do; `*\/*` promises nothing), then the JPEG or
 * PNG every client reads.
 */
import type { EncodedFormat } from '../../../../shared/preset.js';
import { mimeTypeFor } from '../../../../shared/naming.js';

const NEGOTIATED: readonly EncodedFormat[] = ['avif', 'webp'];

/** The media types an Accept header names with a quality above zero. */
function acceptedTypes(accept: string | undefined): Set<string> {
  const types = new Set<string>();
  for (const entry of (accept ?? '').split(',')) {
    const [type = '', ...params] = entry.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && !(Number(q.slice(2)) > 0)) continue;
    if (type) types.add(type);
  }
  return types;
}

/**
 * The best of `candidates` for a client: AVIF, then WebP, when it accepts them, else the first
 * candidate every client reads, else the first candidate.
 * @example negotiateFormat(['avif', 'webp', 'jpeg'], 'image/webp,*\/*') === 'webp'
 */
export function negotiateFormat(
  candidates: readonly EncodedFormat[],
  accept: string | undefined,
): EncodedFormat {
  const accepted = acceptedTypes(accept);
  for (const format of NEGOTIATED) {
    if (candidates.includes(format) && accepted.has(mimeTypeFor(format))) return format;
  }
  return candidates.find((f) => !NEGOTIATED.includes(f)) ?? candidates[0]!;
}

/**
 * All that negotiation reads of an Accept header: which of AVIF and WebP it names. Requests
 * with the same class get the same answer, so answers can be remembered by it.
 * @example negotiationClass('image/avif,image/webp,*\/*') === 'avif,webp'
 */
export function negotiationClass(accept: string | undefined): string {
  const accepted = acceptedTypes(accept);
  return NEGOTIATED.filter((f) => accepted.has(mimeTypeFor(f))).join(',');
}
