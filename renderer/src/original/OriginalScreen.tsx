import { useState } from 'react';
import type { DerivativeView, OriginalDetail } from '../../../shared/contract/index.js';
import { EmptyState } from '../common/EmptyState.js';
import { Notice } from '../common/Notice.js';
import { fileName, ORIGINAL_STATE_LABELS } from '../common/original-state.js';
import { StateBadge } from '../common/StateBadge.js';
import { purgeSummary } from '../edge/purge-summary.js';
import { useApi } from '../state/api-context.js';
import { useCatalogVersion } from '../state/use-catalog-version.js';
import { useLoad } from '../state/use-load.js';
import { CompareSlider } from './CompareSlider.js';
import { DerivativeTable, derivativeLabel } from './DerivativeTable.js';
import { FactsTable } from './FactsTable.js';
import { FocalImage } from './FocalImage.js';
import './original.css';

/** One original: the image large, its facts, its derivatives and a before/after comparison. */
export function OriginalScreen({ id, onClose }: { id: number; onClose: () => void }) {
  const api = useApi();
  const version = useCatalogVersion(['originals', 'derivatives', 'focal', 'presets']);
  const loaded = useLoad(() => api.getOriginal({ id }), [api, id, version]);
  const [failure, setFailure] = useState<string | null>(null);
  const [purged, setPurged] = useState<string | null>(null);
  const original = loaded.data;

  if (loaded.error) {
    return (
      <EmptyState
        title="This original cannot be shown"
        action={<button onClick={onClose}>Back</button>}
      >
        {loaded.error.message}
      </EmptyState>
    );
  }
  if (!original) return null;

  const setFocal = (x: number, y: number) => {
    setFailure(null);
    api
      .setFocalPoint({ id, x, y })
      .then(loaded.replace, (error: Error) => setFailure(error.message));
  };
  // The catalog change it announces brings the original back with its derivatives.
  const include = () => {
    setFailure(null);
    api
      .setExcluded({ ids: [id], excluded: false })
      .catch((error: Error) => setFailure(error.message));
  };
  const purge = () => {
    setFailure(null);
    setPurged(null);
    api
      .purgeByHand({ originalIds: [id] })
      .then((results) => setPurged(purgeSummary(results, 'its images')))
      .catch((error: Error) => setFailure(error.message));
  };
  const excluded = original.state === 'excluded';

  return (
    <section className="original" aria-label={fileName(original.path)}>
      <header className="original-header">
        <button type="button" onClick={onClose} title="Back to the library (Esc)">
          ← Library
        </button>
        <h1>{fileName(original.path)}</h1>
        <StateBadge state={original.state} label={ORIGINAL_STATE_LABELS[original.state]} />
        {excluded && (
          <button
            type="button"
            onClick={include}
            title="Part of the library again: its derivatives are planned, built and published"
          >
            Include again
          </button>
        )}
        <button
          type="button"
          onClick={purge}
          title="Purge its images from the edge caches in front of thumbdesk serve (Edge caches)"
        >
          Purge caches
        </button>
      </header>
      <div className="original-body">
        <FocalImage
          src={api.mediaUrl(original.media)}
          alt={fileName(original.path)}
          focal={original.focal}
          onSetFocal={setFocal}
        />
        <aside className="original-side">
          <Notice message={failure} kind="failure" inline />
          <Notice message={purged} kind="info" inline onDismiss={() => setPurged(null)} />
          <FactsTable original={original} />
          {excluded ? (
            <p className="muted">
              Excluded from the library: nothing is built or published for it. The file stays on
              disk.
            </p>
          ) : (
            <OriginalDerivatives original={original} />
          )}
        </aside>
      </div>
    </section>
  );
}

function OriginalDerivatives({ original }: { original: OriginalDetail }) {
  const api = useApi();
  const [chosenLabel, setChosenLabel] = useState<string>();
  const built = original.derivatives.filter((d) => d.media);
  // The choice is kept by name, so it survives a refetch that brings new objects.
  const chosen: DerivativeView | undefined =
    built.find((d) => derivativeLabel(d) === chosenLabel) ?? built[0];
  return (
    <>
      <h2>Derivatives</h2>
      <DerivativeTable
        derivatives={original.derivatives}
        originalBytes={original.bytes}
        chosen={chosen}
        onChoose={(d) => setChosenLabel(derivativeLabel(d))}
      />
      {chosen?.media && (
        <CompareSlider
          before={api.mediaUrl(original.media)}
          after={api.mediaUrl(chosen.media)}
          afterLabel={derivativeLabel(chosen)}
        />
      )}
    </>
  );
}
