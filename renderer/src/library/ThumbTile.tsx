import { memo, useState, type MouseEvent } from 'react';
import type { OriginalView } from '../../../shared/contract/models.js';
import { fileName, ORIGINAL_STATE_LABELS } from '../common/original-state.js';
import { placeholderImage } from '../common/placeholder.js';
import { StateBadge } from '../common/StateBadge.js';

/**
 * The picture of a tile: the blurred placeholder until the thumbnail has loaded (and for good
 * if it cannot), then the thumbnail alone.
 */
function Thumbnail({ src, placeholder }: { src: string; placeholder: string | null }) {
  const [state, setState] = useState<'loading' | 'loaded' | 'failed'>('loading');
  return (
    <>
      {state !== 'loaded' && placeholder && (
        <span
          className="thumb-placeholder"
          style={{ backgroundImage: placeholderImage(placeholder) }}
        />
      )}
      {state !== 'failed' && (
        <img
          src={src}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onLoad={() => setState('loaded')}
          onError={() => setState('failed')}
        />
      )}
    </>
  );
}

/** The DOM id of the tile at `index`, which the grid names as its active descendant. */
export function tileId(index: number): string {
  return `tile-${index}`;
}

/** One original in the grid: its picture, its name and the badge of its derivatives' state. */
export const ThumbTile = memo(function ThumbTile({
  index,
  original,
  mediaUrl,
  selected,
  current,
  onClick,
  onOpen,
}: {
  /** Its place in the grid; also what `onClick` is told, so one handler serves every tile. */
  index: number;
  original: OriginalView | undefined;
  mediaUrl: (mediaPath: string) => string;
  selected: boolean;
  /** The tile the keys move from and Enter opens, which need not be selected (Ctrl+click). */
  current: boolean;
  onClick: (index: number, event: MouseEvent) => void;
  onOpen: (original: OriginalView) => void;
}) {
  const id = tileId(index);
  if (!original) {
    return <div id={id} role="gridcell" aria-busy="true" className="thumb-tile loading" />;
  }
  const name = fileName(original.path);
  const state = original.state;
  const src = mediaUrl(original.thumb);
  const className = [
    'thumb-tile',
    selected && 'selected',
    current && 'current',
    state === 'excluded' && 'excluded',
  ];
  return (
    <div
      id={id}
      role="gridcell"
      aria-label={name}
      aria-selected={selected}
      className={className.filter(Boolean).join(' ')}
      onClick={(event) => onClick(index, event)}
      onDoubleClick={() => onOpen(original)}
      title={`${original.source}/${original.path}`}
    >
      <div className="thumb-frame">
        {!original.error && (
          // Keyed by its URL, so a new picture starts from its placeholder again.
          <Thumbnail key={src} src={src} placeholder={original.placeholder} />
        )}
        <span className="thumb-badge">
          <StateBadge state={state} label={ORIGINAL_STATE_LABELS[state]} />
        </span>
      </div>
      <div className="thumb-name">{name}</div>
    </div>
  );
});
