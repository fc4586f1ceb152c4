/**
 * Which tiles of the library grid are selected, by their index in grid order. Indexes in runs
 * rather than ids: the grid fetches originals a page at a time, so a Shift range over pages not
 * fetched yet, or all of 10 000 originals, is one run and costs nothing until something is done
 * with it (see `selectedOriginals`).
 */

/** The indexes from `start` up to, not including, `end`. */
export interface Run {
  readonly start: number;
  readonly end: number;
}

export interface Selection {
  /** The current tile: the arrow keys move from it and Enter opens it. */
  readonly focus: number;
  /** Where a Shift range starts: the last tile chosen without Shift. */
  readonly anchor: number;
  /** In order, none empty, none overlapping or touching another. */
  readonly runs: readonly Run[];
}

/** The keys held down during a click that change what it does. */
export interface ClickKeys {
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/**
 * Only the tile at `index`, which becomes the current tile and the anchor.
 * @example selectOne(3).runs // [{ start: 3, end: 4 }]
 */
export function selectOne(index: number): Selection {
  return { focus: index, anchor: index, runs: [{ start: index, end: index + 1 }] };
}

/**
 * Whether the tile at `index` is selected.
 * @example isSelected(selectOne(3), 3) === true
 */
export function isSelected(selection: Selection, index: number): boolean {
  return selection.runs.some((run) => run.start <= index && index < run.end);
}

/**
 * Ctrl/Cmd+click: the tile leaves the selection if it was in it, joins it otherwise, and
 * becomes the anchor of the next Shift range.
 * @example toggle(selectOne(3), 5).runs // [{ start: 3, end: 4 }, { start: 5, end: 6 }]
 */
export function toggle(selection: Selection, index: number): Selection {
  const runs = isSelected(selection, index)
    ? selection.runs.flatMap((run) =>
        [
          { start: run.start, end: Math.min(run.end, index) },
          { start: Math.max(run.start, index + 1), end: run.end },
        ].filter((part) => part.start < part.end),
      )
    : merge([...selection.runs, { start: index, end: index + 1 }]);
  return { focus: index, anchor: index, runs };
}

/**
 * Shift+click or Shift+arrow: every tile from the anchor to `index`, both included, and
 * nothing else; the anchor stays for the next Shift range.
 * @example extendTo(selectOne(7), 4).runs // [{ start: 4, end: 8 }]
 */
export function extendTo(selection: Selection, index: number): Selection {
  const { anchor } = selection;
  const run = { start: Math.min(anchor, index), end: Math.max(anchor, index) + 1 };
  return { focus: index, anchor, runs: [run] };
}

/**
 * Ctrl/Cmd+A: every tile of a grid of `count`, keeping the current tile.
 * @example selectAll(selectOne(2), 10_000).runs // [{ start: 0, end: 10_000 }]
 */
export function selectAll(selection: Selection, count: number): Selection {
  return { ...selection, runs: count > 0 ? [{ start: 0, end: count }] : [] };
}

/**
 * Esc or Clear: the end of a multi-selection, leaving the current tile selected so the arrow
 * keys go on from where they were.
 * @example clear(selectAll(selectOne(2), 50)) // selectOne(2)
 */
export function clear(selection: Selection): Selection {
  return selectOne(selection.focus);
}

/**
 * What a click on the tile at `index` makes of the selection, given the keys held.
 * @example afterClick(selectOne(2), 5, { shiftKey: true, ctrlKey: false, metaKey: false }).runs
 * // [{ start: 2, end: 6 }]
 */
export function afterClick(selection: Selection, index: number, keys: ClickKeys): Selection {
  if (keys.shiftKey) return extendTo(selection, index);
  if (keys.ctrlKey || keys.metaKey) return toggle(selection, index);
  return selectOne(index);
}

/**
 * The selected runs of a grid that has `count` tiles now: runs or parts of runs past its end
 * (it shrank since they were selected) are left out.
 * @example runsWithin(selectAll(selectOne(0), 10), 8) // [{ start: 0, end: 8 }]
 */
export function runsWithin(selection: Selection, count: number): Run[] {
  return selection.runs
    .map((run) => ({ start: run.start, end: Math.min(run.end, count) }))
    .filter((run) => run.start < run.end);
}

/**
 * How many tiles of a grid of `count` are selected.
 * @example countSelected(extendTo(selectOne(2), 6), 100) === 5
 */
export function countSelected(selection: Selection, count: number): number {
  return runsWithin(selection, count).reduce((sum, run) => sum + run.end - run.start, 0);
}

/**
 * The selection fitted to a grid of `count` tiles (at least one): once the current tile is past
 * the end, because the last originals left the grid, the last tile is selected instead.
 * @example within(selectOne(9), 5) // selectOne(4)
 */
export function within(selection: Selection, count: number): Selection {
  return selection.focus < count ? selection : selectOne(Math.max(0, count - 1));
}

/** Sorted runs, those that overlap or touch made one. */
function merge(runs: readonly Run[]): Run[] {
  const merged: Run[] = [];
  for (const run of [...runs].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && run.start <= last.end)
      merged[merged.length - 1] = { ...last, end: Math.max(last.end, run.end) };
    else merged.push(run);
  }
  return merged;
}
