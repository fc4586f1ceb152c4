import {
  ANIMATION_MODES,
  FITS,
  METADATA_MODES,
  OUTPUT_FORMATS,
  POSITIONS,
  type OutputFormat,
} from '../../../shared/preset.js';
import { Field, TextField } from '../common/Field.js';
import type { FieldErrors, PresetDraft } from './preset-draft.js';

type Update = <K extends keyof PresetDraft>(key: K, value: PresetDraft[K]) => void;

function Choice<T extends string>({
  label,
  value,
  options,
  error,
  onChange,
}: {
  label: string;
  value: T;
  options: readonly T[];
  error: string | undefined;
  onChange: (value: T) => void;
}) {
  return (
    <Field label={label} error={error}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          value={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(event) => onChange(event.target.value as T)}
        >
          {options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      )}
    </Field>
  );
}

function Toggle({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (value: boolean) => void;
}) {
  return (
    <label className="toggle">
      <input
        type="checkbox"
        checked={checked}
        onChange={(event) => onChange(event.target.checked)}
      />
      {label}
    </label>
  );
}

function FormatPicker({
  formats,
  quality,
  error,
  qualityError,
  onFormats,
  onQuality,
}: {
  formats: OutputFormat[];
  quality: PresetDraft['quality'];
  error: string | undefined;
  qualityError: string | undefined;
  onFormats: (formats: OutputFormat[]) => void;
  onQuality: (quality: PresetDraft['quality']) => void;
}) {
  const toggle = (format: OutputFormat, on: boolean) =>
    onFormats(on ? [...formats, format] : formats.filter((f) => f !== format));
  return (
    <fieldset className={error || qualityError ? 'field formats invalid' : 'field formats'}>
      <legend>Formats and quality</legend>
      {OUTPUT_FORMATS.map((format) => {
        const on = formats.includes(format);
        return (
          <div key={format} className="format-row">
            <label className="toggle">
              <input
                type="checkbox"
                checked={on}
                onChange={(event) => toggle(format, event.target.checked)}
              />
              {format}
            </label>
            {on && format !== 'original' && (
              <input
                className="quality"
                inputMode="numeric"
                placeholder="default"
                aria-label={`${format} quality`}
                value={quality[format] ?? ''}
                onChange={(event) => onQuality({ ...quality, [format]: event.target.value })}
              />
            )}
          </div>
        );
      })}
      {error && (
        <span className="field-error" role="alert">
          Formats {error}
        </span>
      )}
      {qualityError && (
        <span className="field-error" role="alert">
          Quality {qualityError}
        </span>
      )}
    </fieldset>
  );
}

/** Every field of a preset (docs/presets.md), each with the message zod gives for it. */
export function PresetForm({
  draft,
  errors,
  onChange,
}: {
  draft: PresetDraft;
  errors: FieldErrors;
  onChange: (draft: PresetDraft) => void;
}) {
  const set: Update = (key, value) => onChange({ ...draft, [key]: value });
  /** A field's value, its message and its setter, as TextField and Choice take them. */
  const bind = <K extends keyof PresetDraft>(key: K) => ({
    value: draft[key],
    error: errors[key],
    onChange: (value: PresetDraft[K]) => set(key, value),
  });
  return (
    <div className="preset-form">
      <TextField label="Name" {...bind('name')} hint="lower-case letters, digits, - and _" />
      <div className="field-pair">
        <TextField label="Width" {...bind('width')} inputMode="numeric" />
        <TextField label="Height" {...bind('height')} inputMode="numeric" />
      </div>
      <div className="field-pair">
        <Choice label="Fit" {...bind('fit')} options={FITS} />
        <Choice label="Position" {...bind('position')} options={POSITIONS} />
      </div>
      <FormatPicker
        formats={draft.formats}
        quality={draft.quality}
        error={errors.formats}
        qualityError={errors.quality}
        onFormats={(v) => set('formats', v)}
        onQuality={(v) => set('quality', v)}
      />
      <div className="field-pair">
        <TextField label="Densities" {...bind('densities')} hint="e.g. 1, 2" inputMode="decimal" />
        <TextField label="Background" {...bind('background')} />
      </div>
      <div className="field-pair">
        <Choice label="Metadata" {...bind('metadata')} options={METADATA_MODES} />
        <Choice label="Animation" {...bind('animation')} options={ANIMATION_MODES} />
      </div>
      <div className="field-toggles">
        <Toggle label="Enlarge" checked={draft.enlarge} onChange={(v) => set('enlarge', v)} />
        <Toggle label="Sharpen" checked={draft.sharpen} onChange={(v) => set('sharpen', v)} />
      </div>
    </div>
  );
}
