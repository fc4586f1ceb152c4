import { describe, expect, it } from 'vitest';
import {
  afterClick,
  clear,
  countSelected,
  extendTo,
  isSelected,
  selectAll,
  selectOne,
  toggle,
  within,
  type Selection,
} from './selection.js';

const PLAIN = { shiftKey: false, ctrlKey: false, metaKey: false };

/** The selected indexes of a small grid, to compare as a list. */
function indexes(selection: Selection, count = 20): number[] {
  return Array.from({ length: count }, (_, index) => index).filter((index) =>
    isSelected(selection, index),
  );
}

describe('the selection of the library grid', () => {
  it('selects one tile, which is current and the anchor', () => {
    expect(selectOne(4)).toEqual({ focus: 4, anchor: 4, runs: [{ start: 4, end: 5 }] });
  });

  it('toggles tiles in and out, keeping runs merged', () => {
    let selection = toggle(selectOne(3), 5);
    expect(indexes(selection)).toEqual([3, 5]);
    selection = toggle(selection, 4);
    expect(selection.runs).toEqual([{ start: 3, end: 6 }]);
    expect(selection).toMatchObject({ focus: 4, anchor: 4 });
    selection = toggle(selection, 4);
    expect(selection.runs).toEqual([
      { start: 3, end: 4 },
      { start: 5, end: 6 },
    ]);
    expect(indexes(toggle(toggle(selection, 3), 5))).toEqual([]);
  });

  it('extends a range from the anchor either way, replacing what was selected', () => {
    const selection = toggle(toggle(selectOne(1), 10), 6);
    expect(indexes(extendTo(selection, 8))).toEqual([6, 7, 8]);
    const backwards = extendTo(extendTo(selection, 8), 4);
    expect(indexes(backwards)).toEqual([4, 5, 6]);
    expect(backwards).toMatchObject({ focus: 4, anchor: 6 });
  });

  it('maps a click and the keys held to a selection', () => {
    const start = selectOne(2);
    expect(afterClick(start, 7, PLAIN)).toEqual(selectOne(7));
    expect(indexes(afterClick(start, 7, { ...PLAIN, ctrlKey: true }))).toEqual([2, 7]);
    expect(indexes(afterClick(start, 7, { ...PLAIN, metaKey: true }))).toEqual([2, 7]);
    expect(indexes(afterClick(start, 5, { ...PLAIN, shiftKey: true }))).toEqual([2, 3, 4, 5]);
  });

  it('selects all of a large grid as one run and counts it without a list of indexes', () => {
    const all = selectAll(selectOne(17), 10_000);
    expect(all).toEqual({ focus: 17, anchor: 17, runs: [{ start: 0, end: 10_000 }] });
    expect(countSelected(all, 10_000)).toBe(10_000);
    // Some originals left the grid since.
    expect(countSelected(all, 9_998)).toBe(9_998);
    expect(selectAll(selectOne(0), 0).runs).toEqual([]);
  });

  it('clears a multi-selection down to the current tile', () => {
    expect(clear(selectAll(selectOne(12), 50))).toEqual(selectOne(12));
    expect(clear(extendTo(selectOne(3), 9))).toEqual(selectOne(9));
  });

  it('moves a selection past the end of a grid that shrank onto its last tile', () => {
    const two = extendTo(selectOne(3), 4);
    expect(within(two, 10)).toBe(two);
    expect(within(two, 3)).toEqual(selectOne(2));
    expect(within(selectOne(0), 0)).toEqual(selectOne(0));
  });
});
