import type { OriginalState } from '../../../shared/contract/models.js';
import { ORIGINAL_STATE_LABELS } from './original-state.js';
import './state-badge.css';

/** A small coloured pill; the colour is never the only signal, the word is always there. */
export function StateBadge({ state, label }: { state: OriginalState; label?: string }) {
  return (
    <span className={`state-badge state-${state}`} title={ORIGINAL_STATE_LABELS[state]}>
      {label ?? state}
    </span>
  );
}
