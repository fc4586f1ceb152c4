import { useMemo, useState } from 'react';
import type { PreviewOutput } from '../../../shared/contract/index.js';
import { formatDimensions } from '../../../shared/naming.js';
import type { Preset } from '../../../shared/preset.js';
import { bytesWithSaving } from '../common/bytes.js';
import { Notice } from '../common/Notice.js';
import { fileName } from '../common/original-state.js';
import { useApi } from '../state/api-context.js';
import { useDebounced } from '../state/use-debounced.js';
import { useLoad } from '../state/use-load.js';

/** How many originals the preview's picker offers; the name filter reaches the rest. */
const PICKER_SIZE = 100;

/**
 * The preset as it stands in the form, rendered on an original the person picks, before it is
 * saved: one output per format with its dimensions and bytes.
 */
export function PresetPreview({ preset }: { preset: Preset | null }) {
  const api = useApi();
  const [search, setSearch] = useState('');
  const [originalId, setOriginalId] = useState<number>();
  const query = useDebounced(search.trim(), 250);
  const choices = useLoad(
    () => api.listOriginals({ limit: PICKER_SIZE, ...(query ? { search: query } : {}) }),
    [api, query],
  );
  const usable = (choices.data?.items ?? []).filter((o) => !o.error);
  const chosen = usable.find((o) => o.id === originalId) ?? usable[0];

  const presetKey = useDebounced(preset ? JSON.stringify(preset) : '', 400);
  const request = useMemo(
    () =>
      presetKey && chosen
        ? { preset: JSON.parse(presetKey) as Preset, originalId: chosen.id }
        : null,
    [presetKey, chosen],
  );
  const preview = useLoad(
    () => (request ? api.preview(request) : Promise.resolve(null)),
    [api, request],
  );
  const outputs = request ? preview.data?.outputs : undefined;

  return (
    <section className="preset-preview" aria-label="Preview">
      <h2>Preview</h2>
      <div className="field-pair">
        <input
          type="search"
          placeholder="Filter originals"
          aria-label="Filter originals"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <select
          aria-label="Preview original"
          value={chosen?.id ?? ''}
          onChange={(event) => setOriginalId(Number(event.target.value))}
        >
          {usable.map((o) => (
            <option key={o.id} value={o.id}>
              {o.source}/{o.path}
            </option>
          ))}
        </select>
      </div>
      {!chosen && <p className="muted">Add a folder of images to preview presets on them.</p>}
      {chosen && !preset && <p className="muted">Fix the fields marked in red to see a preview.</p>}
      {request && <Notice message={preview.error?.message} kind="failure" inline />}
      {outputs && chosen && (
        <PreviewOutputs
          outputs={outputs}
          originalBytes={chosen.bytes}
          label={fileName(chosen.path)}
        />
      )}
    </section>
  );
}

function PreviewOutputs({
  outputs,
  originalBytes,
  label,
}: {
  outputs: PreviewOutput[];
  originalBytes: number;
  label: string;
}) {
  return (
    <ul className="preview-outputs" aria-label="Preview outputs">
      {outputs.map((output) => (
        <li key={`${output.format}-${output.density}`}>
          <img src={output.dataUri} alt={`${label} as ${output.format}`} />
          <span className="preview-format">{output.format}</span>
          <span className="num">{formatDimensions(output.width, output.height)}</span>
          <span className="num">{bytesWithSaving(output.bytes, originalBytes)}</span>
        </li>
      ))}
    </ul>
  );
}
