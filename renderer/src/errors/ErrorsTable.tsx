import type { ErrorEntry } from '../../../shared/domain.js';
import { densitySuffix } from '../../../shared/naming.js';

function what(entry: ErrorEntry): string {
  if (entry.kind === 'original') return 'Original';
  return `${entry.preset ?? ''} ${entry.format ?? ''}${densitySuffix(entry.density ?? 1)}`;
}

/** Every failed original and derivative, with the reason the engine gave. */
export function ErrorsTable({
  errors,
  onOpen,
}: {
  errors: ErrorEntry[];
  onOpen: (entry: ErrorEntry) => void;
}) {
  return (
    <table className="errors-table">
      <thead>
        <tr>
          <th>File</th>
          <th>What</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {errors.map((entry, index) => (
          <tr key={index} onDoubleClick={() => onOpen(entry)}>
            <td className="nowrap">
              <span className="muted">{entry.source}/</span>
              {entry.path}
            </td>
            <td className="nowrap">{what(entry)}</td>
            <td className="error-reason">{entry.error}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
