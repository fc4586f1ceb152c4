import { useCallback, useState } from 'react';

/**
 * The failure to show for work started from the UI: `report(work)` clears it when the work
 * succeeds and shows the error's message when it fails.
 * @example const [failure, setFailure, report] = useFailure(); report(api.generate());
 */
export function useFailure() {
  const [failure, setFailure] = useState<string | null>(null);
  const report = useCallback((work: Promise<unknown>) => {
    work.then(
      () => setFailure(null),
      (error: Error) => setFailure(error.message),
    );
  }, []);
  return [failure, setFailure, report] as const;
}
