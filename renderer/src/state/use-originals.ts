import { useCallback, useEffect, useRef, useState } from 'react';
import type { OperationInput, OriginalView } from '../../../shared/contract/index.js';
import { useApi } from './api-context.js';
import { useCatalogVersion } from './use-catalog-version.js';

export type OriginalsFilter = Omit<OperationInput<'listOriginals'>, 'offset' | 'limit'>;

const PAGE = 200;

export interface OriginalsPages {
  /** Matching originals in all, or undefined before the first page arrives. */
  total: number | undefined;
  itemAt: (index: number) => OriginalView | undefined;
  /** Tells which indexes are on screen; pages not loaded yet are fetched. */
  showRange: (start: number, end: number) => void;
}

interface Pages {
  filterKey: string;
  total: number | undefined;
  pages: ReadonlyMap<number, OriginalView[]>;
}

function pagesIn(start: number, end: number): number[] {
  const pages: number[] = [];
  for (let page = Math.floor(start / PAGE); page <= Math.floor(end / PAGE); page += 1) {
    pages.push(page);
  }
  return pages;
}

/**
 * The filtered originals, fetched a page at a time as the grid scrolls to them, so a library of
 * 100 000 costs what is on screen. After a catalog change the pages already shown stay until
 * their refetch replaces them, so the grid does not flash while generation runs.
 */
export function useOriginals(filter: OriginalsFilter): OriginalsPages {
  const api = useApi();
  const version = useCatalogVersion(['sources', 'originals', 'presets', 'derivatives', 'focal']);
  const filterKey = JSON.stringify(filter);
  const [state, setState] = useState<Pages>({ filterKey, total: undefined, pages: new Map() });
  const shown = useRef({ start: 0, end: 0 });
  // Pages asked for since the last filter or catalog change.
  const asked = useRef(new Set<number>());
  const generation = useRef(0);

  const request = useCallback(
    (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      const current = generation.current;
      const input = JSON.parse(filterKey) as OriginalsFilter;
      api.listOriginals({ ...input, offset: page * PAGE, limit: PAGE }).then(
        (answer) => {
          if (current !== generation.current) return;
          setState((previous) => {
            const pages = new Map(previous.filterKey === filterKey ? previous.pages : []);
            pages.set(page, answer.items);
            return { filterKey, total: answer.total, pages };
          });
        },
        () => asked.current.delete(page),
      );
    },
    [api, filterKey],
  );

  const showRange = useCallback(
    (start: number, end: number) => {
      shown.current = { start, end };
      for (const page of pagesIn(start, end)) request(page);
    },
    [request],
  );

  useEffect(() => {
    generation.current += 1;
    asked.current = new Set();
    showRange(shown.current.start, shown.current.end);
  }, [showRange, version]);

  const current = state.filterKey === filterKey ? state : undefined;
  const itemAt = useCallback(
    (index: number) => current?.pages.get(Math.floor(index / PAGE))?.[index % PAGE],
    [current],
  );
  return { total: current?.total, itemAt, showRange };
}
