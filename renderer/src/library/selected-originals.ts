import { MAX_PAGE, type OriginalView } from '../../../shared/contract/index.js';
import { isSelected, runsWithin, type Selection } from './selection.js';

/** One page of the grid's list, as `listOriginals` with the grid's filter answers it. */
export type FetchPage = (offset: number, limit: number) => Promise<OriginalView[]>;

/**
 * The originals at the selected indexes of a grid of `count`, fetched afresh rather than taken
 * from the pages the grid holds: those are only the ones scrolled past, and a selection of all
 * of them must not need all of them on screen. Only the pages (of the largest size the list
 * gives) that hold a selected index are asked for, all at once.
 * @example
 * const chosen = await selectedOriginals(selection, total, (offset, limit) =>
 *   api.listOriginals({ ...filter, offset, limit }).then((page) => page.items),
 * );
 */
export async function selectedOriginals(
  selection: Selection,
  count: number,
  fetchPage: FetchPage,
): Promise<OriginalView[]> {
  const runs = runsWithin(selection, count);
  const offsets: number[] = [];
  for (let offset = 0; offset < count; offset += MAX_PAGE) {
    if (runs.some((run) => run.start < offset + MAX_PAGE && offset < run.end)) offsets.push(offset);
  }
  const pages = await Promise.all(
    offsets.map(async (offset) => {
      const items = await fetchPage(offset, MAX_PAGE);
      return items.filter((_, at) => isSelected(selection, offset + at));
    }),
  );
  return pages.flat();
}
