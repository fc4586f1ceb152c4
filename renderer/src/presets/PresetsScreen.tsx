import { useMemo, useState, type KeyboardEvent } from 'react';
import { ThumbdeskError } from '../../../shared/contract/index.js';
import type { Preset } from '../../../shared/preset.js';
import { EmptyState } from '../common/EmptyState.js';
import { Notice } from '../common/Notice.js';
import { plural } from '../common/plural.js';
import { useApi } from '../state/api-context.js';
import { useDebounced } from '../state/use-debounced.js';
import { useLoad } from '../state/use-load.js';
import { PresetFileButtons } from './PresetFileButtons.js';
import { PresetForm } from './PresetForm.js';
import { PresetPreview } from './PresetPreview.js';
import {
  draftFromPreset,
  NEW_PRESET,
  validateDraft,
  type FieldErrors,
  type PresetDraft,
} from './preset-draft.js';
import './presets.css';

/** Which preset the form edits: a saved one by name, or a new one. */
type Editing = { name: string } | { name: null };

/** The host's per-field issues (`preset.width`) as the form's field messages. */
function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof ThumbdeskError)) return {};
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.replace(/^preset\./, '').split('.')[0] as keyof PresetDraft;
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The preset list, the form for one preset and its live preview. */
export function PresetsScreen({ presets }: { presets: Preset[] }) {
  const api = useApi();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [draft, setDraft] = useState<PresetDraft>(NEW_PRESET);
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const { preset, errors } = useMemo(() => validateDraft(draft), [draft]);
  const shownErrors = touched ? { ...serverErrors, ...errors } : {};
  const previousName = editing?.name ?? undefined;

  const settled = useDebounced(preset, 300);
  const rebuild = useLoad(
    () => (settled ? api.rebuildCount({ preset: settled, previousName }) : Promise.resolve(null)),
    // The saved presets are a key too: after a save, the same draft has nothing left to rebuild.
    [api, settled, previousName, presets],
  );

  const open = (next: Editing) => {
    const saved = next.name === null ? undefined : presets.find((p) => p.name === next.name);
    setEditing(next);
    setDraft(saved ? draftFromPreset(saved) : NEW_PRESET);
    setTouched(false);
    setServerErrors({});
    setFailure(null);
  };

  const save = async () => {
    setTouched(true);
    if (!preset) return;
    setFailure(null);
    try {
      const result = await api.savePreset({ preset, previousName });
      setNotice(
        `Saved “${result.name}”: ${plural(result.rebuild, 'derivative')} to build. Generate to build them.`,
      );
      setEditing({ name: result.name });
      setServerErrors({});
    } catch (error) {
      setServerErrors(fieldErrorsOf(error));
      setFailure((error as Error).message);
    }
  };

  const remove = async (name: string) => {
    if (!window.confirm(`Delete the preset “${name}”? Its derivatives are collected as garbage.`))
      return;
    try {
      await api.deletePreset({ name });
      setNotice(`Deleted “${name}”.`);
      if (editing?.name === name) setEditing(null);
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    if (event.key === 'Delete' && editing?.name) void remove(editing.name);
  };

  return (
    <section className="screen presets" aria-label="Presets">
      <header className="screen-header">
        <h1>Presets</h1>
        <PresetFileButtons onDone={setNotice} onError={setFailure} />
        <button type="button" className="primary" onClick={() => open({ name: null })}>
          New preset
        </button>
      </header>
      <Notice message={notice} kind="info" onDismiss={() => setNotice(null)} />
      <Notice message={failure} kind="failure" onDismiss={() => setFailure(null)} />
      <div className="presets-body">
        <ul className="preset-list" aria-label="Saved presets" tabIndex={0} onKeyDown={onListKey}>
          {presets.length === 0 && <li className="muted">No presets yet.</li>}
          {presets.map((p) => (
            <li key={p.name}>
              <button
                type="button"
                className={editing?.name === p.name ? 'preset-item current' : 'preset-item'}
                aria-current={editing?.name === p.name ? 'true' : undefined}
                onClick={() => open({ name: p.name })}
              >
                <span>{p.name}</span>
                <span className="muted num">
                  {p.width ?? 'auto'} × {p.height ?? 'auto'} · {p.formats.join(', ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {editing === null ? (
          <EmptyState title={presets.length ? 'Pick a preset' : 'No presets yet'}>
            A preset is a recipe: a size, a fit and the formats to write. Choose New preset to make
            one, or import a JSON file of presets.
          </EmptyState>
        ) : (
          <>
            <form
              className="preset-editor"
              aria-label={editing.name ? `Preset ${editing.name}` : 'New preset'}
              onSubmit={(event) => {
                event.preventDefault();
                void save();
              }}
            >
              <PresetForm
                draft={draft}
                errors={shownErrors}
                onChange={(next) => {
                  setDraft(next);
                  setTouched(true);
                }}
              />
              <div className="preset-actions">
                <span className="muted" role="status">
                  {preset && rebuild.data
                    ? rebuild.data.change === 'unchanged'
                      ? 'No change to save.'
                      : `Saving rebuilds ${plural(rebuild.data.rebuild, 'derivative')}.`
                    : ''}
                </span>
                {editing.name && (
                  <button type="button" onClick={() => void remove(editing.name)}>
                    Delete
                  </button>
                )}
                <button type="submit" className="primary">
                  Save preset
                </button>
              </div>
            </form>
            <PresetPreview preset={preset} />
          </>
        )}
      </div>
    </section>
  );
}
