import { ORIGINAL_STATES, type SourceView } from '../../../shared/contract/index.js';
import type { Preset } from '../../../shared/preset.js';
import { ORIGINAL_STATE_LABELS } from '../common/original-state.js';
import { plural } from '../common/plural.js';
import type { OriginalsFilter } from '../state/use-originals.js';

/**
 * Narrowing the grid by source, preset and state (the name search lives in the toolbar), and
 * a rescan of the sources, which is how changes made on disk reach the catalog, and the removal
 * of the chosen source.
 */
export function LibraryFilters({
  filter,
  sources,
  presets,
  total,
  onChange,
  onRescan,
  onRemoveSource,
  watching,
  onWatch,
}: {
  filter: OriginalsFilter;
  sources: SourceView[];
  presets: Preset[];
  total: number | undefined;
  onChange: (filter: OriginalsFilter) => void;
  onRescan: (() => void) | undefined;
  /** Forgets a source (after asking); its files stay where they are. */
  onRemoveSource: (name: string) => void;
  /** Whether the host rescans and rebuilds by itself on changes, once known. */
  watching: boolean | undefined;
  onWatch: (on: boolean) => void;
}) {
  const set = (key: 'source' | 'preset' | 'state', value: string) =>
    onChange({ ...filter, [key]: value === '' ? undefined : value });
  return (
    <div className="library-filters">
      <select
        aria-label="Source"
        value={filter.source ?? ''}
        onChange={(event) => set('source', event.target.value)}
      >
        <option value="">All sources</option>
        {sources.map((source) => (
          <option key={source.id} value={source.name}>
            {source.name}
          </option>
        ))}
      </select>
      <select
        aria-label="Preset"
        value={filter.preset ?? ''}
        onChange={(event) => set('preset', event.target.value)}
      >
        <option value="">All presets</option>
        {presets.map((preset) => (
          <option key={preset.name}>{preset.name}</option>
        ))}
      </select>
      <select
        aria-label="State"
        value={filter.state ?? ''}
        onChange={(event) => set('state', event.target.value)}
      >
        <option value="">Any state</option>
        {ORIGINAL_STATES.map((state) => (
          <option key={state} value={state}>
            {ORIGINAL_STATE_LABELS[state]}
          </option>
        ))}
      </select>
      <span className="library-total muted num" role="status">
        {total === undefined ? '' : plural(total, 'original')}
      </span>
      {watching !== undefined && (
        <label className="toggle" title="Rescan and rebuild by itself when files change">
          <input
            type="checkbox"
            checked={watching}
            onChange={(event) => onWatch(event.target.checked)}
          />
          Watch folders
        </label>
      )}
      {onRescan && (
        <button
          type="button"
          onClick={onRescan}
          title={filter.source ? `Rescan ${filter.source}` : 'Rescan every source'}
        >
          Rescan
        </button>
      )}
      {filter.source && (
        <button
          type="button"
          onClick={() => onRemoveSource(filter.source!)}
          title="Forget this source: its originals leave the catalog, its files stay on disk"
        >
          Remove source
        </button>
      )}
    </div>
  );
}
