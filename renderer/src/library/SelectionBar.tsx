import { groupDigits } from '../../../shared/naming.js';

/**
 * What can be done to several selected originals at once, floating over the grid while more
 * than one is selected: exclude them, or include them again where the grid shows the excluded;
 * purge what edge caches hold of them.
 */
export function SelectionBar({
  count,
  showsExcluded,
  onSetExcluded,
  onPurge,
  onClear,
}: {
  count: number;
  /** Whether the grid shows excluded originals (the State filter's "Excluded"). */
  showsExcluded: boolean;
  onSetExcluded: (excluded: boolean) => void;
  /** Purges their images at every edge cache Thumbdesk purges (the Edge caches screen). */
  onPurge: () => void;
  onClear: () => void;
}) {
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selection">
      <span className="num" role="status">
        {groupDigits(count)} selected
      </span>
      <button
        type="button"
        onClick={() => onSetExcluded(!showsExcluded)}
        title={
          showsExcluded
            ? 'Part of the library again: their derivatives are planned, built and published'
            : 'Exclude from the library after asking (Delete); the files stay on disk'
        }
      >
        {showsExcluded ? 'Include' : 'Exclude'}
      </button>
      <button
        type="button"
        onClick={onPurge}
        title="Purge their images from the edge caches in front of thumbdesk serve"
      >
        Purge caches
      </button>
      <button type="button" onClick={onClear} title="Keep only the current original (Esc)">
        Clear
      </button>
    </div>
  );
}
