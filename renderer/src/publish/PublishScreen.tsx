import type { JobView } from '../../../shared/contract/index.js';
import { EmptyState } from '../common/EmptyState.js';
import { Notice } from '../common/Notice.js';
import { useApi } from '../state/api-context.js';
import { useCatalogVersion } from '../state/use-catalog-version.js';
import { useLoad } from '../state/use-load.js';
import { PublishHistory } from './PublishHistory.js';
import { TargetCard } from './TargetCard.js';
import { TargetForm } from './TargetForm.js';
import './publish.css';

/** Targets with their plans and Publish, a form for a new one, and the history of runs. */
export function PublishScreen({ jobs }: { jobs: JobView[] }) {
  const api = useApi();
  const targetsVersion = useCatalogVersion(['targets']);
  const targets = useLoad(() => api.listTargets(), [api, targetsVersion]);
  const runsVersion = useCatalogVersion(['targets', 'publications']);
  const history = useLoad(() => api.publishHistory({ limit: 20 }), [api, runsVersion]);
  const list = targets.data?.targets;

  return (
    <section className="screen publish-screen" aria-label="Publish">
      <header className="screen-header">
        <h1>Publish</h1>
      </header>
      <Notice message={targets.error?.message} kind="failure" />
      {list?.length === 0 && (
        <EmptyState title="No targets yet">
          Add a folder or an S3 bucket below: each publish sends only what changed, then the
          manifest thumbdesk.json.
        </EmptyState>
      )}
      {list?.map((target) => (
        <TargetCard key={target.name} target={target} jobs={jobs} />
      ))}
      {targets.data && <TargetForm secrets={targets.data.secrets} onDone={targets.reload} />}
      <h2>History</h2>
      {history.data && <PublishHistory runs={history.data} />}
    </section>
  );
}
