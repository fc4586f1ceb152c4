import { groupDigits } from '../../../shared/naming.js';

/**
 * What can be done to several selected originals at once, floating over the grid while more
 * than one is selected: exclude them, or include them again where the grid shows the excluded.
 */
export function SelectionBar({
  count,
  showsExcluded,
  onSetExcluded,
  onClear,
}: {
  count: number;
  /** Whether the grid shows excluded originals (the State filter's "Excluded"). */
  showsExcluded: boolean;
  onSetExcluded: (excluded: boolean) => void;
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
      <button type="button" onClick={onClear} title="Keep only the current original (Esc)">
        Clear
      </button>
    </div>
  );
}
