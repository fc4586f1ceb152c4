/**
 * The contract's view of catalog rows: cache files become media paths, and each original gets
 * the badge the grid shows.
 */
import type { DerivativeState, OriginalSummary } from '../../../shared/domain.js';
import { mediaPath } from '../../../shared/contract/media.js';
import type {
  OriginalDetail,
  OriginalState,
  OriginalView,
} from '../../../shared/contract/models.js';
import type { OriginalRow } from '../catalog/originals.js';

// A failure outranks staleness, which outranks work never done.
const RANK: readonly DerivativeState[] = ['failed', 'stale', 'missing', 'fresh'];

/**
 * @example badgeOf({ error: null, derivatives: [{ state: 'stale' }, { state: 'fresh' }] }) === 'stale'
 */
export function badgeOf(original: {
  error: string | null;
  derivatives: readonly { state: DerivativeState }[];
}): OriginalState {
  if (original.error) return 'failed';
  if (original.derivatives.length === 0) return 'none';
  const states = new Set(original.derivatives.map((d) => d.state));
  return RANK.find((state) => states.has(state)) ?? 'fresh';
}

/**
 * An original as the contract shows it; `summary.derivatives[].file` must be relative to the
 * cache folder (list with an identity `cacheFile`).
 * @example toOriginalView(listOriginals(db, (f) => f, { originalId: 1 })[0])
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
    placeholder: summary.placeholder,
    state: badgeOf(summary),
    media: mediaPath({ kind: 'original', id: summary.id }),
    thumb: mediaPath({ kind: 'thumb', id: summary.id }),
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
