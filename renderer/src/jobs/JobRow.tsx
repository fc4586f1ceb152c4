import type { JobView } from '../../../shared/contract/index.js';
import { groupDigits } from '../../../shared/naming.js';
import { ProgressBar } from '../common/ProgressBar.js';
import { isActive } from '../state/use-jobs.js';
import { formatDuration, formatRate } from './job-figures.js';

/** "120 / 400 · 3 failed · 12.5/s · 22 s left" for a running job; its summary once done. */
export function jobLine(job: JobView): string {
  const { done, failed, total, rate, etaSeconds, elapsedMs } = job.progress;
  if (!isActive(job)) {
    return `${job.error ?? job.summary ?? job.state} · ${formatDuration(elapsedMs)}`;
  }
  if (job.state === 'queued') return 'Waiting';
  const parts = [total > 0 ? `${groupDigits(done)} / ${groupDigits(total)}` : groupDigits(done)];
  if (failed > 0) parts.push(`${groupDigits(failed)} failed`);
  if (rate > 0) parts.push(formatRate(rate));
  if (etaSeconds !== null) parts.push(`${formatDuration(etaSeconds * 1000)} left`);
  return parts.join(' · ');
}

/** One job: what it is, a bar, its figures, and Cancel while it can still be stopped. */
export function JobRow({ job, onCancel }: { job: JobView; onCancel: (job: JobView) => void }) {
  const active = isActive(job);
  return (
    <li className={`job job-${job.state}`} aria-label={job.label}>
      <div className="job-head">
        <span className="job-label">{job.label}</span>
        <span className="job-state muted">{job.state}</span>
        {active && (
          <button type="button" onClick={() => onCancel(job)}>
            Cancel
          </button>
        )}
      </div>
      <ProgressBar
        label={job.label}
        // A finished job's bar is full; a cancelled or failed one stops where it stopped.
        done={job.state === 'done' ? 1 : job.progress.done}
        total={job.state === 'done' ? 1 : job.progress.total}
      />
      <div className={job.error ? 'job-line error-reason' : 'job-line muted num'}>
        {jobLine(job)}
      </div>
    </li>
  );
}
