import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import type { OriginalView } from '../../../shared/contract/models.js';
import {
  afterClick,
  clear,
  countSelected,
  extendTo,
  isSelected,
  selectAll,
  selectOne,
  type Selection,
} from './selection.js';
import { ThumbTile, tileId } from './ThumbTile.js';
import './thumb-grid.css';

/** The narrowest a tile gets; tiles stretch to share out the row's width. */
const TILE_WIDTH = 164;
const TILE_HEIGHT = 176;

/**
 * Keys that move the current tile (with Shift, extending the selection), as a step in tiles
 * given the number of columns.
 */
function stepFor(key: string, columns: number, pageRows: number): number | undefined {
  switch (key) {
    case 'ArrowRight':
      return 1;
    case 'ArrowLeft':
      return -1;
    case 'ArrowDown':
      return columns;
    case 'ArrowUp':
      return -columns;
    case 'PageDown':
      return columns * pageRows;
    case 'PageUp':
      return -columns * pageRows;
    case 'Home':
      return -Infinity;
    case 'End':
      return Infinity;
    default:
      return undefined;
  }
}

/**
 * The library's grid of originals. Only the rows in view (plus a few) are in the DOM, so it
 * scrolls the same with 100 or 100 000 originals. `itemAt` may return undefined for an index
 * whose data has not arrived yet; that tile shows an empty frame. Clicks and keys select as in
 * a photo manager: Ctrl/Cmd+click toggles, Shift+click and Shift+arrows extend, Ctrl/Cmd+A
 * selects all, Esc ends a multi-selection.
 */
export function ThumbGrid({
  count,
  itemAt,
  mediaUrl,
  onRangeChange,
  selection,
  onSelect,
  onOpen,
  onDelete,
}: {
  count: number;
  itemAt: (index: number) => OriginalView | undefined;
  mediaUrl: (mediaPath: string) => string;
  /** The first and last index on screen (overscan included), whenever they change. */
  onRangeChange: (start: number, end: number) => void;
  selection: Selection;
  onSelect: (selection: Selection) => void;
  onOpen: (original: OriginalView) => void;
  /** Delete, or Backspace (a Mac keyboard's delete key), on the selected originals. */
  onDelete: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => {
      const style = getComputedStyle(element);
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      setSize({ width: element.clientWidth - padding, height: element.clientHeight });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // Back from an original, or once the selection bar went with the multi-selection (the
  // controls that had the focus are gone), the keys go to the grid again; someone typing in the
  // search field keeps their focus.
  useEffect(() => {
    if (document.activeElement === document.body) scrollRef.current?.focus({ preventScroll: true });
  }, [selection]);

  const columns = Math.max(1, Math.floor(size.width / TILE_WIDTH));
  const rows = Math.ceil(count / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => TILE_HEIGHT,
    overscan: 4,
  });

  const virtualRows = virtualizer.getVirtualItems();
  const firstIndex = (virtualRows[0]?.index ?? 0) * columns;
  const lastIndex = ((virtualRows.at(-1)?.index ?? 0) + 1) * columns - 1;
  useEffect(() => onRangeChange(firstIndex, lastIndex), [firstIndex, lastIndex, onRangeChange]);

  const { focus } = selection;
  useEffect(() => {
    if (focus >= 0 && focus < count) virtualizer.scrollToIndex(Math.floor(focus / columns));
  }, [focus, columns, count, virtualizer]);

  // One click handler for every tile, reading the latest selection through a ref: a tile
  // (memoised) then re-renders only when its own props change, not on every render of the grid.
  const selectionRef = useRef(selection);
  useLayoutEffect(() => {
    selectionRef.current = selection;
  }, [selection]);
  const onTileClick = useCallback(
    (index: number, event: MouseEvent) => onSelect(afterClick(selectionRef.current, index, event)),
    [onSelect],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = itemAt(focus);
    if (event.key === 'Enter' && current) {
      event.preventDefault();
      onOpen(current);
      return;
    }
    if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      onDelete();
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      onSelect(selectAll(selection, count));
      return;
    }
    // Handled here, Esc does not also reach the window's "go back".
    if (event.key === 'Escape' && countSelected(selection, count) > 1) {
      event.preventDefault();
      onSelect(clear(selection));
      return;
    }
    const pageRows = Math.max(1, Math.floor(size.height / TILE_HEIGHT));
    const step = stepFor(event.key, columns, pageRows);
    if (step === undefined || count === 0) return;
    event.preventDefault();
    const to = Math.min(count - 1, Math.max(0, focus + step));
    onSelect(event.shiftKey ? extendTo(selection, to) : selectOne(to));
  };

  const activeId = focus >= 0 && focus < count ? tileId(focus) : undefined;
  return (
    <div
      ref={scrollRef}
      className="thumb-grid"
      role="grid"
      aria-label="Originals"
      aria-rowcount={rows}
      aria-colcount={columns}
      aria-multiselectable
      aria-activedescendant={activeId}
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <div
        className="thumb-grid-canvas"
        style={
          {
            height: virtualizer.getTotalSize(),
            '--tile-width': `${Math.floor(size.width / columns)}px`,
          } as CSSProperties
        }
      >
        {virtualRows.map((row) => (
          <div
            key={row.key}
            role="row"
            aria-rowindex={row.index + 1}
            className="thumb-grid-row"
            style={{ transform: `translateY(${row.start}px)`, height: TILE_HEIGHT }}
          >
            {Array.from({ length: columns }, (_, column) => {
              const index = row.index * columns + column;
              if (index >= count) return null;
              return (
                <ThumbTile
                  key={index}
                  index={index}
                  original={itemAt(index)}
                  mediaUrl={mediaUrl}
                  selected={isSelected(selection, index)}
                  current={index === focus}
                  onClick={onTileClick}
                  onOpen={onOpen}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}
