import type { PublishRunView } from '../../../shared/contract/index.js';
import { formatBytes, groupDigits } from '../../../shared/naming.js';

const when = (ms: number) => new Date(ms).toLocaleString();

/** The latest publish runs with their counts, and the errors of those that had some. */
export function PublishHistory({ runs }: { runs: PublishRunView[] }) {
  if (runs.length === 0) return <p className="muted">No publish has run yet.</p>;
  return (
    <table className="publish-history">
      <caption className="sr-only">Publish history</caption>
      <thead>
        <tr>
          <th>Started</th>
          <th>Target</th>
          <th>State</th>
          <th>Uploaded</th>
          <th>Unchanged</th>
          <th>Deleted</th>
          <th>Failed</th>
          <th>Bytes</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run) => (
          <tr key={run.id}>
            <td className="nowrap num">{when(run.startedAt)}</td>
            <td className="nowrap">{run.target}</td>
            <td>{run.state}</td>
            <td className="num">{groupDigits(run.uploaded)}</td>
            <td className="num">{groupDigits(run.unchanged)}</td>
            <td className="num">{groupDigits(run.deleted)}</td>
            <td className="num">
              {groupDigits(run.failed)}
              {run.errors.length > 0 && (
                <details>
                  <summary>Errors</summary>
                  <ul className="error-reason">
                    {run.errors.map((e) => (
                      <li key={e.key}>
                        {e.key}: {e.error}
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </td>
            <td className="num">{formatBytes(run.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
