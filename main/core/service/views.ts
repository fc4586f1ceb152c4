/**
 * The contract's view of catalog rows: cache files become media paths, and each original gets
 * the badge the grid shows.
 */
import { thumbHashToDataURL } from 'thumbhash';
import type { DerivativeState, OriginalSummary } from '../../../shared/domain.js';
import { mediaPath } from '../../../shared/contract/media.js';
import type {
  OriginalDetail,
  OriginalState,
  OriginalView,
} from '../../../shared/contract/models.js';
import type { OriginalRow } from '../catalog/originals.js';

/**
 * The catalog keeps a ThumbHash (base64, ~25 bytes); the contract promises a data URI, which
 * an <img> or CSS shows as it is.
 * @example placeholderUri('1QcSHQRnh493V4dIh4eXh1h4kJUI') // 'data:image/png;base64,…'
 */
export function placeholderUri(thumbHash: string | null): string | null {
  return thumbHash === null ? null : thumbHashToDataURL(Buffer.from(thumbHash, 'base64'));
}

/**
 * A media path whose URL changes with the original's content: originals and thumbnails keep
 * their path when the file changes, and a browser would go on showing what it cached.
 * @example versioned('thumb/7', 'ab12…') === 'thumb/7?v=ab12…' (16 hex digits)
 */
function versioned(media: string, hash: string | null): string {
  return hash ? `${media}?v=${hash.slice(0, 16)}` : media;
}

// A failure outranks staleness, which outranks work never done.
const RANK: readonly DerivativeState[] = ['failed', 'stale', 'missing', 'fresh'];

/**
 * @example badgeOf({ excluded: false, error: null, derivatives: [{ state: 'stale' }] }) === 'stale'
 */
export function badgeOf(original: {
  excluded: boolean;
  error: string | null;
  derivatives: readonly { state: DerivativeState }[];
}): OriginalState {
  // Out of the library, its failure or lack of derivatives is nobody's concern.
  if (original.excluded) return 'excluded';
  if (original.error) return 'failed';
  if (original.derivatives.length === 0) return 'none';
  const states = new Set(original.derivatives.map((d) => d.state));
  return RANK.find((state) => states.has(state)) ?? 'fresh';
}

/**
 * An original as the contract shows it; `summary.derivatives[].file` must be relative to the
 * cache folder (list with an identity `cacheFile`).
 * @example toOriginalView(listOriginals(db, (f) => f, { originalIds: [1] })[0])
 */
export function toOriginalView(summary: OriginalSummary): OriginalView {
  return {
    id: summary.id,
    source: summary.source,
    path: summary.path,
    hash: summary.hash,
    format: summary.format,
    width: summary.width,
    height: summary.height,
    bytes: summary.bytes,
    error: summary.error,
    focal: summary.focal,
    placeholder: placeholderUri(summary.placeholder),
    state: badgeOf(summary),
    media: versioned(mediaPath({ kind: 'original', id: summary.id }), summary.hash),
    thumb: versioned(mediaPath({ kind: 'thumb', id: summary.id }), summary.hash),
    derivatives: summary.derivatives.map(({ file, ...derivative }) => ({
      ...derivative,
      media: file === null ? null : mediaPath({ kind: 'derivative', file }),
    })),
  };
}

/**
 * @example toOriginalDetail(view, originalById(db, view.id))
 */
export function toOriginalDetail(view: OriginalView, row: OriginalRow): OriginalDetail {
  return {
    ...view,
    space: row.space,
    icc: row.icc,
    depth: row.depth,
    orientation: row.orientation,
    hasAlpha: row.has_alpha === null ? null : row.has_alpha === 1,
    pages: row.pages,
  };
}
