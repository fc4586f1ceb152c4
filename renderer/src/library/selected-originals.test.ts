import { describe, expect, it } from 'vitest';
import { MAX_PAGE, type OriginalView } from '../../../shared/contract/index.js';
import { selectedOriginals } from './selected-originals.js';
import { extendTo, selectAll, selectOne, toggle } from './selection.js';

/** A list of `count` originals whose id is their index + 1, counting the pages asked for. */
function list(count: number) {
  const asked: number[] = [];
  const fetchPage = (offset: number, limit: number) => {
    asked.push(offset);
    const end = Math.min(count, offset + limit);
    const items = Array.from(
      { length: Math.max(0, end - offset) },
      (_, at) => ({ id: offset + at + 1 }) as OriginalView,
    );
    return Promise.resolve(items);
  };
  return { asked, fetchPage };
}

const ids = (originals: OriginalView[]) => originals.map((original) => original.id);

describe('the originals of a selection', () => {
  it('fetches only the pages that hold a selected index', async () => {
    const { asked, fetchPage } = list(5 * MAX_PAGE);
    const selection = toggle(extendTo(selectOne(2), 4), 3 * MAX_PAGE + 1);
    const originals = await selectedOriginals(selection, 5 * MAX_PAGE, fetchPage);
    expect(ids(originals)).toEqual([3, 4, 5, 3 * MAX_PAGE + 2]);
    expect(asked.sort((a, b) => a - b)).toEqual([0, 3 * MAX_PAGE]);
  });

  it('gives all of 10 000 originals in grid order, in a page per thousand', async () => {
    const { asked, fetchPage } = list(10_000);
    const originals = await selectedOriginals(selectAll(selectOne(0), 10_000), 10_000, fetchPage);
    expect(originals).toHaveLength(10_000);
    expect(ids(originals)).toEqual(Array.from({ length: 10_000 }, (_, index) => index + 1));
    expect(asked).toHaveLength(Math.ceil(10_000 / MAX_PAGE));
  });

  it('leaves out what is past the end of a grid that shrank', async () => {
    const { fetchPage } = list(3);
    const originals = await selectedOriginals(extendTo(selectOne(1), 6), 3, fetchPage);
    expect(ids(originals)).toEqual([2, 3]);
  });
});
