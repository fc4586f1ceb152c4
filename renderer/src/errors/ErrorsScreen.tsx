import type { ErrorEntry } from '../../../shared/domain.js';
import { EmptyState } from '../common/EmptyState.js';
import { useApi } from '../state/api-context.js';
import { useCatalogVersion } from '../state/use-catalog-version.js';
import { useLoad } from '../state/use-load.js';
import { ErrorsTable } from './ErrorsTable.js';

/** Every failure with its reason; a double click opens the original. */
export function ErrorsScreen({ onOpen }: { onOpen: (entry: ErrorEntry) => void }) {
  const api = useApi();
  const version = useCatalogVersion(['originals', 'derivatives', 'presets']);
  const errors = useLoad(() => api.errors(), [api, version]).data;
  return (
    <section className="screen" aria-label="Errors">
      <header className="screen-header">
        <h1>Errors</h1>
      </header>
      {errors && errors.length === 0 && (
        <EmptyState title="No errors">
          Files that cannot be read and derivatives that cannot be built are listed here with the
          reason.
        </EmptyState>
      )}
      {errors && errors.length > 0 && <ErrorsTable errors={errors} onOpen={onOpen} />}
    </section>
  );
}
