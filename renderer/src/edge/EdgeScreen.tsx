import { useState, type FormEvent } from 'react';
import { EmptyState } from '../common/EmptyState.js';
import { Notice } from '../common/Notice.js';
import { useApi } from '../state/api-context.js';
import { useCatalogVersion } from '../state/use-catalog-version.js';
import { useLoad } from '../state/use-load.js';
import { purgeSummary } from './purge-summary.js';
import { PurgeTargetCard } from './PurgeTargetCard.js';
import '../publish/publish.css';

const EXAMPLE = 'varnish:http://127.0.0.1:6081';

/**
 * The edge caches in front of `thumbdesk serve` that Thumbdesk purges when originals or presets
 * change: the targets with how their purges went, a form for a new one, and Purge everything.
 * Selected originals are purged from the library's selection bar.
 */
export function EdgeScreen() {
  const api = useApi();
  const version = useCatalogVersion(['purges']);
  const targets = useLoad(() => api.listPurgeTargets(), [api, version]);
  const [text, setText] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [news, setNews] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setFailure(null);
    setNews(null);
    try {
      setNews(await work());
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setBusy(false);
      targets.reload();
    }
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const added = await api.addPurgeTarget({ target: text });
      setText('');
      return `Added ${added.kind} at ${added.endpoint}.`;
    });
  };

  const remove = (target: string) => {
    if (!window.confirm('Forget this purge target? Its caches are no longer purged from here.')) {
      return;
    }
    void run(async () => {
      await api.removePurgeTarget({ target });
      return null;
    });
  };

  const purgeAll = () =>
    void run(async () => purgeSummary(await api.purgeByHand({ all: true }), 'everything'));

  const list = targets.data;
  return (
    <section className="screen publish-screen" aria-label="Edge caches">
      <header className="screen-header">
        <h1>Edge caches</h1>
        <div className="toolbar-spacer" />
        <button type="button" onClick={purgeAll} disabled={busy || !list?.length}>
          Purge everything
        </button>
      </header>
      <Notice message={targets.error?.message ?? failure} kind="failure" />
      <Notice message={news} kind="info" onDismiss={() => setNews(null)} />
      {list?.length === 0 && (
        <EmptyState title="No purge targets">
          Add the cache in front of thumbdesk serve (Varnish, Fastly, Cloudflare, CloudFront or a
          webhook) below: its images are purged whenever an original or a preset changes.
          Credentials come from the environment, never from here.
        </EmptyState>
      )}
      {list?.map((target) => (
        <PurgeTargetCard
          key={target.target}
          target={target}
          onRemove={target.origin === 'app' ? () => remove(target.target) : undefined}
        />
      ))}
      <form className="target-form" aria-label="New purge target" onSubmit={add}>
        <label>
          Target (kind:url)
          <input
            value={text}
            placeholder={EXAMPLE}
            onChange={(event) => setText(event.target.value)}
            required
          />
        </label>
        <div className="target-actions">
          <button type="submit" className="primary" disabled={busy}>
            Add target
          </button>
        </div>
      </form>
    </section>
  );
}
