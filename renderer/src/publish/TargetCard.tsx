import { useState } from 'react';
import { publishJobLabel, type JobView, type TargetView } from '../../../shared/contract/index.js';
import { formatBytes, groupDigits } from '../../../shared/naming.js';
import { Notice } from '../common/Notice.js';
import { ProgressBar } from '../common/ProgressBar.js';
import { plural } from '../common/plural.js';
import { useFailure } from '../common/use-failure.js';
import { jobLine } from '../jobs/JobRow.js';
import { useApi } from '../state/api-context.js';
import { useCatalogVersion } from '../state/use-catalog-version.js';
import { isActive } from '../state/use-jobs.js';
import { useLoad } from '../state/use-load.js';

/** What the bar says a publish is doing. */
const PHASES: Record<string, string> = {
  build: 'Building what is not fresh',
  check: 'Checking the target',
  send: 'Sending',
};

function KeyList({ label, keys }: { label: string; keys: string[] }) {
  if (keys.length === 0) return null;
  return (
    <details className="plan-keys">
      <summary>{label}</summary>
      <ul aria-label={label}>
        {keys.map((key) => (
          <li key={key} className="num">
            {key}
          </li>
        ))}
      </ul>
    </details>
  );
}

/**
 * One target: where it points, its plan (what a publish would send and delete) before
 * anything is sent, Publish, and while it runs a bar with its phase and Cancel.
 */
export function TargetCard({ target, jobs }: { target: TargetView; jobs: JobView[] }) {
  const api = useApi();
  const [withDelete, setWithDelete] = useState(false);
  const [failure, , act] = useFailure();
  const version = useCatalogVersion(['derivatives', 'originals', 'presets', 'publications']);
  const plan = useLoad(
    () => api.publishPlan({ target: target.name, delete: withDelete }),
    [api, target.name, withDelete, version],
  );
  const job = jobs.find((j) => j.kind === 'publish' && j.label === publishJobLabel(target.name));
  const running = job && isActive(job) ? job : undefined;

  const remove = () => {
    if (!window.confirm(`Forget the target “${target.name}”? What was published stays there.`)) {
      return;
    }
    act(api.removeTarget({ name: target.name }));
  };

  const p = plan.data;
  const nothingToDo = p !== undefined && p.uploads === 0 && p.deletes === 0;
  return (
    <section className="target-card" aria-label={`Target ${target.name}`}>
      <header className="target-head">
        <h2>{target.name}</h2>
        <span className="muted">{target.location}</span>
        {target.storedSecret && <span className="muted">· key in the system’s secret store</span>}
        <div className="toolbar-spacer" />
        <button type="button" onClick={remove} disabled={running !== undefined}>
          Remove target
        </button>
      </header>
      <p className="muted target-naming">
        {target.template} · Cache-Control: {target.cacheControl}
      </p>
      <Notice message={plan.error?.message} kind="failure" inline />
      {p && (
        <div className="plan" role="status" aria-label={`Plan for ${target.name}`}>
          <p className="num">
            {nothingToDo
              ? `Up to date: nothing to upload (${plural(p.unchanged, 'object')} unchanged).`
              : `${groupDigits(p.uploads)} to upload (${formatBytes(p.bytes)}) · ${groupDigits(p.unchanged)} unchanged · ${groupDigits(p.deletes)} to delete`}
          </p>
          {p.waiting > 0 && (
            <p className="muted">
              {plural(p.waiting, 'derivative')} not built yet wait for Generate.
            </p>
          )}
          {p.strayKeys.length > 0 && (
            <p className="muted">
              {plural(p.strayKeys.length, 'published object')} no longer belong; publish with
              “Delete what no longer belongs” to remove them.
            </p>
          )}
          {p.failed > 0 && (
            <p className="field-error">{plural(p.failed, 'object')} cannot be published.</p>
          )}
          <KeyList label={`Keys to upload to ${target.name}`} keys={p.uploadKeys} />
          <KeyList label={`Keys to delete from ${target.name}`} keys={p.deleteKeys} />
        </div>
      )}
      <div className="target-actions">
        <label className="toggle">
          <input
            type="checkbox"
            checked={withDelete}
            onChange={(event) => setWithDelete(event.target.checked)}
          />
          Delete what no longer belongs
        </label>
        {running ? (
          <button type="button" onClick={() => act(api.cancel({ jobId: running.id }))}>
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="primary"
            disabled={!p || nothingToDo}
            onClick={() => act(api.publish({ target: target.name, delete: withDelete }))}
          >
            Publish
          </button>
        )}
      </div>
      {running && (
        <div className="target-progress">
          <ProgressBar
            label={`${running.label} progress`}
            done={running.progress.done}
            total={running.progress.total}
          />
          <span className="muted num">
            {running.phase ? `${PHASES[running.phase] ?? running.phase} · ` : ''}
            {jobLine(running)}
          </span>
        </div>
      )}
      <Notice message={failure} kind="failure" inline />
    </section>
  );
}
