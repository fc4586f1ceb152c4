/**
 * Format negotiation from the `Accept` header, as imgproxy does it: AVIF and WebP only when the
 * client names them (browsers that decode them do; `*\/*` promises nothing), then the JPEG or
 * PNG every client reads.
 */
import type { EncodedFormat } from '../../../../shared/preset.js';
import { mimeTypeFor } from '../../../../shared/naming.js';
import { memoByString } from '../string-memo.js';

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

// Every list acceptedFormats returns, one array each: NEGOTIATED's subsets in its order.
const LISTS = new Map<string, readonly EncodedFormat[]>();
for (let mask = 0; mask < 1 << NEGOTIATED.length; mask += 1) {
  const list = NEGOTIATED.filter((_, i) => mask & (1 << i));
  LISTS.set(list.join(','), Object.freeze(list));
}

// Clients send a handful of distinct headers: each is read once (bounded, so a flood of
// made-up ones only empties the memo).
const formatsOf = memoByString(
  (header): readonly EncodedFormat[] => {
    const types = acceptedTypes(header);
    return LISTS.get(NEGOTIATED.filter((f) => types.has(mimeTypeFor(f))).join(','))!;
  },
  { maxEntries: 256 },
);

/**
 * All that negotiation reads of an Accept header: which of AVIF and WebP it names, in order of
 * preference. Headers naming the same formats get the same (frozen) array, so answers can be
 * remembered by the array itself, with no key built per request; a header is read once.
 * @example acceptedFormats('image/avif,image/webp,*\/*') === acceptedFormats('image/webp,image/avif')
 */
export function acceptedFormats(accept: string | undefined): readonly EncodedFormat[] {
  return formatsOf(accept ?? '');
}

/**
 * The best of `candidates` for a client that accepts `accepted` (from `acceptedFormats`): AVIF,
 * then WebP, when it accepts them, else the first candidate every client reads, else the first
 * candidate.
 * @example negotiateFormat(['avif', 'webp', 'jpeg'], acceptedFormats('image/webp,*\/*')) === 'webp'
 */
export function negotiateFormat(
  candidates: readonly EncodedFormat[],
  accepted: readonly EncodedFormat[],
): EncodedFormat {
  const best = NEGOTIATED.find((f) => accepted.includes(f) && candidates.includes(f));
  return best ?? candidates.find((f) => !NEGOTIATED.includes(f)) ?? candidates[0]!;
}
