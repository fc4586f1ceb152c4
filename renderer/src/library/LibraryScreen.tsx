import { useCallback } from 'react';
import type { OriginalView, SourceView } from '../../../shared/contract/index.js';
import type { Preset } from '../../../shared/preset.js';
import { EmptyState } from '../common/EmptyState.js';
import { fileName } from '../common/original-state.js';
import { useApi } from '../state/api-context.js';
import { useLoad } from '../state/use-load.js';
import { useOriginals, type OriginalsFilter } from '../state/use-originals.js';
import { LibraryFilters } from './LibraryFilters.js';
import { ThumbGrid } from './ThumbGrid.js';
import './library.css';

/** What the grid shows and where, kept by the window so that closing an original returns to it. */
export interface LibraryPlace {
  filter: OriginalsFilter;
  selected: number;
}

export const LIBRARY_START: LibraryPlace = { filter: {}, selected: 0 };

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
  const { filter, selected } = place;
  const setSelected = useCallback(
    (index: number) => onPlace({ filter, selected: index }),
    [filter, onPlace],
  );
  const watch = useLoad(() => api.watch({}), [api]);
  const mediaUrl = useCallback((path: string) => api.mediaUrl(path), [api]);
  const query = search.trim();
  const originals = useOriginals(query ? { ...filter, search: query } : filter);
  const filtered = Boolean(query || filter.source || filter.preset || filter.state);

  // The selection keeps its index, so once the grid refetches it is on the next original.
  const exclude = (original: OriginalView) => {
    if (original.state === 'excluded') return;
    const confirmed = window.confirm(
      `Exclude “${fileName(original.path)}” from the library? Its derivatives are removed at the next garbage collection; the file stays on disk.`,
    );
    if (confirmed) api.setExcluded({ ids: [original.id], excluded: true }).catch(onFailure);
  };

  const body = () => {
    if (originals.total === undefined) return null;
    if (originals.total > 0) {
      return (
        <ThumbGrid
          count={originals.total}
          itemAt={originals.itemAt}
          mediaUrl={mediaUrl}
          onRangeChange={originals.showRange}
          selected={Math.min(selected, originals.total - 1)}
          onSelect={setSelected}
          onOpen={onOpen}
          onDelete={exclude}
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
        onChange={(next) => onPlace({ filter: next, selected: 0 })}
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
              () => onPlace({ filter: { ...filter, source: undefined }, selected: 0 }),
              onFailure,
            );
        }}
        onRescan={
          sources.length > 0
            ? () => void api.scan(filter.source ? { source: filter.source } : {}).catch(onFailure)
            : undefined
        }
      />
      {body()}
    </section>
  );
}
