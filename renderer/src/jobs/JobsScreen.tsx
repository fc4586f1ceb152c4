import type { JobView } from '../../../shared/contract/index.js';
import { EmptyState } from '../common/EmptyState.js';
import { useApi } from '../state/api-context.js';
import { JobRow } from './JobRow.js';
import './jobs.css';

/** Running and queued work with its progress, then what finished recently. */
export function JobsScreen({ jobs }: { jobs: JobView[] }) {
  const api = useApi();
  const cancel = (job: JobView) => void api.cancel({ jobId: job.id });
  return (
    <section className="screen" aria-label="Jobs">
      <header className="screen-header">
        <h1>Jobs</h1>
      </header>
      {jobs.length === 0 ? (
        <EmptyState title="Nothing has run yet">
          Adding a folder scans it here; Generate builds every derivative your presets ask for.
        </EmptyState>
      ) : (
        <ul className="jobs">
          {jobs.map((job) => (
            <JobRow key={job.id} job={job} onCancel={cancel} />
          ))}
        </ul>
      )}
    </section>
  );
}
