import type { JobView } from '../../../shared/contract/index.js';
import { groupDigits, formatBytes } from '../../../shared/naming.js';
import { ProgressBar } from '../common/ProgressBar.js';
import { jobLine } from '../jobs/JobRow.js';
import type { LibraryStatusView } from '../state/use-status.js';

/** The window's bottom line: the running job with a hairline bar, else the library in figures. */
export function Footer({
  status,
  running,
}: {
  status: LibraryStatusView | undefined;
  running: JobView | undefined;
}) {
  return (
    <footer className="footer">
      {running ? (
        <>
          <ProgressBar
            thin
            label={`${running.label} progress`}
            done={running.progress.done}
            total={running.progress.total}
          />
          <span>{running.label}</span>
          <span>{jobLine(running)}</span>
        </>
      ) : (
        status && (
          <span>
            {groupDigits(status.originals.total)} originals ·{' '}
            {groupDigits(status.derivatives.fresh)} fresh · {groupDigits(status.derivatives.stale)}{' '}
            stale · {groupDigits(status.derivatives.missing)} missing ·{' '}
            {formatBytes(status.cacheBytes)} in cache
          </span>
        )
      )}
    </footer>
  );
}
