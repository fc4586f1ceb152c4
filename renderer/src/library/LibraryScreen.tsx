import { useCallback, useState } from 'react';
import type { OriginalView, SourceView } from '../../../shared/contract/index.js';
import type { Preset } from '../../../shared/preset.js';
import { EmptyState } from '../common/EmptyState.js';
import { Notice } from '../common/Notice.js';
import { purgeSummary } from '../edge/purge-summary.js';
import { fileName } from '../common/original-state.js';
import { plural } from '../common/plural.js';
import { useApi } from '../state/api-context.js';
import { useDebounced } from '../state/use-debounced.js';
import { useLoad } from '../state/use-load.js';
import { useOriginals, type OriginalsFilter } from '../state/use-originals.js';
import { LibraryFilters } from './LibraryFilters.js';
import { selectedOriginals } from './selected-originals.js';
import { clear, countSelected, selectOne, within, type Selection } from './selection.js';
import { SelectionBar } from './SelectionBar.js';
import { ThumbGrid } from './ThumbGrid.js';
import './library.css';

/** What the grid shows and where, kept by the window so that closing an original returns to it. */
export interface LibraryPlace {
  filter: OriginalsFilter;
  selection: Selection;
}

/** How long the toolbar's search must rest before the grid asks for the matching originals. */
const SEARCH_SETTLE_MS = 250;

export const LIBRARY_START: LibraryPlace = { filter: {}, selection: selectOne(0) };

/** The question before excluding: one original by its name, several by their number. */
function excludeQuestion(originals: OriginalView[]): string {
  const [only] = originals;
  if (originals.length === 1 && only) {
    return `Exclude “${fileName(only.path)}” from the library? Its derivatives are removed at the next garbage collection; the file stays on disk.`;
  }
  return `Exclude ${plural(originals.length, 'original')} from the library? Their derivatives are removed at the next garbage collection; the files stay on disk.`;
}

/** The grid of originals with its filters; the name search comes from the toolbar. */
export function LibraryScreen({
  search,
  sources,
  presets,
  place,
  onPlace,
  onOpen,
  onFailure,
}: {
  search: string;
  sources: SourceView[];
  presets: Preset[];
  place: LibraryPlace;
  onPlace: (place: LibraryPlace) => void;
  onOpen: (original: OriginalView) => void;
  onFailure: (error: Error) => void;
}) {
  const api = useApi();
  const { filter } = place;
  const setSelection = useCallback(
    (selection: Selection) => onPlace({ filter, selection }),
    [filter, onPlace],
  );
  const watch = useLoad(() => api.watch({}), [api]);
  const mediaUrl = useCallback((path: string) => api.mediaUrl(path), [api]);
  // A request per pause in typing, not per key.
  const query = useDebounced(search, SEARCH_SETTLE_MS).trim();
  const listed = query ? { ...filter, search: query } : filter;
  const originals = useOriginals(listed);
  const total = originals.total ?? 0;
  const selection = within(place.selection, total);
  const filtered = Boolean(query || filter.source || filter.preset || filter.state);

  // One call for all of them: the core changes all or none. Afterwards the first selected index
  // is the only one, so once the grid refetches it is on the original after those that left.
  const setExcluded = async (excluded: boolean) => {
    const chosen = await selectedOriginals(selection, total, (offset, limit) =>
      api.listOriginals({ ...listed, offset, limit }).then((page) => page.items),
    );
    const changing = chosen.filter((original) => (original.state === 'excluded') !== excluded);
    if (changing.length === 0) return;
    if (excluded && !window.confirm(excludeQuestion(changing))) return;
    await api.setExcluded({ ids: changing.map((original) => original.id), excluded });
    setSelection(selectOne(selection.runs[0]?.start ?? selection.focus));
  };
  const changeExcluded = (excluded: boolean) => void setExcluded(excluded).catch(onFailure);
  const [purged, setPurged] = useState<string | null>(null);
  const purge = async () => {
    const chosen = await selectedOriginals(selection, total, (offset, limit) =>
      api.listOriginals({ ...listed, offset, limit }).then((page) => page.items),
    );
    const ids = chosen.map((original) => original.id);
    setPurged(
      purgeSummary(await api.purgeByHand({ originalIds: ids }), plural(ids.length, 'original')),
    );
  };
  const selectedCount = countSelected(selection, total);

  const body = () => {
    if (originals.total === undefined) return null;
    if (originals.total > 0) {
      return (
        <ThumbGrid
          count={originals.total}
          itemAt={originals.itemAt}
          mediaUrl={mediaUrl}
          onRangeChange={originals.showRange}
          selection={selection}
          onSelect={setSelection}
          onOpen={onOpen}
          onDelete={() => changeExcluded(true)}
        />
      );
    }
    if (filtered) {
      return (
        <EmptyState title="Nothing matches">
          No original matches these filters. Clear the search or pick “All” in the filters above.
        </EmptyState>
      );
    }
    return (
      <EmptyState title="Your library is empty">
        Drag a folder of images onto this window, or choose Add folder in the toolbar (Ctrl+O).
        Originals are never modified.
      </EmptyState>
    );
  };

  return (
    <section className="library" aria-label="Library">
      <LibraryFilters
        filter={filter}
        sources={sources}
        presets={presets}
        total={originals.total}
        onChange={(next) => onPlace({ filter: next, selection: selectOne(0) })}
        watching={watch.data?.on}
        onWatch={(on) => api.watch({ on }).then(watch.replace, onFailure)}
        onRemoveSource={(name) => {
          const confirmed = window.confirm(
            `Remove the source “${name}” from the library? Its originals leave the catalog and their derivatives become garbage for Collect garbage. No file on disk is touched.`,
          );
          if (!confirmed) return;
          api
            .removeSource({ name })
            .then(
              () => onPlace({ filter: { ...filter, source: undefined }, selection: selectOne(0) }),
              onFailure,
            );
        }}
        onRescan={
          sources.length > 0
            ? () => void api.scan(filter.source ? { source: filter.source } : {}).catch(onFailure)
            : undefined
        }
      />
      <Notice message={purged} kind="info" onDismiss={() => setPurged(null)} />
      {body()}
      {selectedCount > 1 && (
        <SelectionBar
          count={selectedCount}
          showsExcluded={filter.state === 'excluded'}
          onSetExcluded={changeExcluded}
          onPurge={() => void purge().catch(onFailure)}
          onClear={() => setSelection(clear(selection))}
        />
      )}
    </section>
  );
}
