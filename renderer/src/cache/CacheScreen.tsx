import { useState } from 'react';
import { DERIVATIVE_STATES } from '../../../shared/domain.js';
import { formatBytes, groupDigits } from '../../../shared/naming.js';
import { Notice } from '../common/Notice.js';
import { StateBadge } from '../common/StateBadge.js';
import { useApi } from '../state/api-context.js';
import { useCatalogVersion } from '../state/use-catalog-version.js';
import { useLoad } from '../state/use-load.js';
import type { LibraryStatusView } from '../state/use-status.js';
import { BarChart } from './BarChart.js';
import './cache.css';

/** What the cache holds: bytes per preset and format, counts by state, and its upkeep. */
export function CacheScreen({ status }: { status: LibraryStatusView | undefined }) {
  const api = useApi();
  const version = useCatalogVersion(['derivatives', 'presets', 'originals']);
  const usage = useLoad(() => api.cacheUsage(), [api, version]);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const collect = async () => {
    setBusy(true);
    try {
      const report = await api.gc();
      const lost =
        report.lost > 0
          ? ` ${groupDigits(report.lost)} built files were gone from the cache: Generate builds them again.`
          : '';
      setNotice(
        `Collected ${groupDigits(report.files)} files (${formatBytes(report.bytes)}) and ${groupDigits(report.rows)} catalog rows.${lost}`,
      );
    } catch (error) {
      setNotice((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const rebuild = async () => {
    try {
      const job = await api.generate();
      setNotice(`${job.label}: follow it in Jobs.`);
    } catch (error) {
      setNotice((error as Error).message);
    }
  };

  const counts = status?.derivatives;
  return (
    <section className="screen" aria-label="Cache">
      <header className="screen-header">
        <h1>Cache</h1>
        <span className="muted num">{status ? formatBytes(status.cacheBytes) : ''}</span>
        <button type="button" onClick={() => void rebuild()} disabled={!counts?.stale}>
          Rebuild stale
        </button>
        <button type="button" onClick={() => void collect()} disabled={busy}>
          Collect garbage
        </button>
      </header>
      <Notice message={notice} kind="info" />
      {counts && (
        <table className="state-counts">
          <caption className="sr-only">Derivatives by state</caption>
          <thead>
            <tr>
              {DERIVATIVE_STATES.map((state) => (
                <th key={state}>
                  <StateBadge state={state} />
                </th>
              ))}
              <th>orphaned</th>
              <th>total</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              {DERIVATIVE_STATES.map((state) => (
                <td key={state} className="num">
                  {groupDigits(counts[state])}
                </td>
              ))}
              <td className="num">{groupDigits(counts.orphaned)}</td>
              <td className="num">{groupDigits(counts.total)}</td>
            </tr>
          </tbody>
        </table>
      )}
      <div className="cache-charts">
        <BarChart
          title="Bytes per preset"
          bars={(usage.data?.byPreset ?? []).map((row) => ({
            label: row.preset,
            value: row.bytes,
          }))}
        />
        <BarChart
          title="Bytes per format"
          bars={(usage.data?.byFormat ?? []).map((row) => ({
            label: row.format,
            value: row.bytes,
          }))}
        />
      </div>
    </section>
  );
}
