import type { PurgeTargetView } from '../../../shared/contract/index.js';
import { groupDigits } from '../../../shared/naming.js';

/** A moment as the panel shows it: local date and time. */
function when(at: number): string {
  return new Date(at).toLocaleString();
}

const ORIGINS: Record<PurgeTargetView['origin'], string> = {
  app: 'set here',
  serve: 'from serve --purge',
};

/**
 * One purge target: its kind and endpoint (ids masked), where it was configured, which
 * credentials the environment holds, its last purge, its counts and its last error.
 */
export function PurgeTargetCard({
  target,
  onRemove,
}: {
  target: PurgeTargetView;
  /** Given for targets set in the app: a serve's --purge targets are that serve's. */
  onRemove?: () => void;
}) {
  const missing = target.credentials.filter((c) => c.required && !c.set);
  const { last, counts } = target;
  return (
    <section className="target-card" aria-label={`Purge target ${target.endpoint}`}>
      <header className="target-head">
        <h2>{target.kind}</h2>
        <span className="muted num">{target.endpoint}</span>
        <span className="muted">· {ORIGINS[target.origin]}</span>
        <div className="toolbar-spacer" />
        {onRemove && (
          <button type="button" onClick={onRemove}>
            Remove target
          </button>
        )}
      </header>
      {target.credentials.length > 0 && (
        <p className="muted">
          Credentials from the environment:{' '}
          {target.credentials
            .map((c) => `${c.variable} ${c.set ? 'set' : c.required ? 'NOT SET' : 'not set'}`)
            .join(', ')}
        </p>
      )}
      {missing.length > 0 && (
        <p className="field-error">
          Purges here fail until {missing.map((c) => c.variable).join(' and ')}{' '}
          {missing.length === 1 ? 'is' : 'are'} set where Thumbdesk runs.
        </p>
      )}
      <p className="num" role="status" aria-label={`Last purge at ${target.endpoint}`}>
        {last
          ? `Last purge ${when(last.at)}: ${last.outcome === 'ok' ? 'ok' : 'failed'}, ${groupDigits(last.keys)} keys, ${groupDigits(last.paths)} paths`
          : 'No purge yet.'}
      </p>
      <p className="muted num" aria-label={`Purge counts at ${target.endpoint}`}>
        Requests: {groupDigits(counts.ok)} ok · {groupDigits(counts.retried)} retried ·{' '}
        {groupDigits(counts.failed)} failed · {groupDigits(counts.keys)} keys purged
      </p>
      {target.lastError && (
        <p className="field-error" aria-label={`Last error at ${target.endpoint}`}>
          Last error {when(target.lastError.at)}: {target.lastError.error}
        </p>
      )}
    </section>
  );
}
