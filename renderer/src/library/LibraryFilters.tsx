import { ORIGINAL_STATES, type SourceView } from '../../../shared/contract/index.js';
import type { Preset } from '../../../shared/preset.js';
import { ORIGINAL_STATE_LABELS } from '../common/original-state.js';
import { plural } from '../common/plural.js';
import type { OriginalsFilter } from '../state/use-originals.js';

type FilterKey = 'source' | 'preset' | 'state';

interface Option {
  value: string;
  label: string;
}

/** One filter: "all" (the empty value) first, then each option. */
function FilterSelect({
  label,
  all,
  value,
  options,
  onChange,
}: {
  label: string;
  all: string;
  value: string;
  options: Option[];
  onChange: (value: string) => void;
}) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{all}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

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
  const set = (key: FilterKey, value: string) =>
    onChange({ ...filter, [key]: value === '' ? undefined : value });
  const choices: { key: FilterKey; label: string; all: string; options: Option[] }[] = [
    {
      key: 'source',
      label: 'Source',
      all: 'All sources',
      options: sources.map((source) => ({ value: source.name, label: source.name })),
    },
    {
      key: 'preset',
      label: 'Preset',
      all: 'All presets',
      options: presets.map((preset) => ({ value: preset.name, label: preset.name })),
    },
    {
      key: 'state',
      label: 'State',
      all: 'Any state',
      options: ORIGINAL_STATES.map((state) => ({
        value: state,
        label: ORIGINAL_STATE_LABELS[state],
      })),
    },
  ];
  return (
    <div className="library-filters">
      {choices.map((choice) => (
        <FilterSelect
          key={choice.key}
          label={choice.label}
          all={choice.all}
          value={filter[choice.key] ?? ''}
          options={choice.options}
          onChange={(value) => set(choice.key, value)}
        />
      ))}
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
