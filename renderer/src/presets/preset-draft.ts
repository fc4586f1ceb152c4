/**
 * The preset form's state: what the person typed, as text where they type numbers, so a half
 * typed value is kept as typed. `toPresetInput` turns it into what the zod schema judges.
 */
import type { EncodedFormat, OutputFormat, Preset, PresetInput } from '../../../shared/preset.js';
import { presetSchema } from '../../../shared/preset-schema.js';

export interface PresetDraft {
  name: string;
  width: string;
  height: string;
  fit: Preset['fit'];
  position: Preset['position'];
  enlarge: boolean;
  formats: OutputFormat[];
  /** Per format, empty for the encoder's default. */
  quality: Partial<Record<OutputFormat, string>>;
  densities: string;
  background: string;
  metadata: Preset['metadata'];
  sharpen: boolean;
  animation: Preset['animation'];
}

export const NEW_PRESET: PresetDraft = {
  name: '',
  width: '',
  height: '',
  fit: 'inside',
  position: 'centre',
  enlarge: false,
  formats: ['webp', 'jpeg'],
  quality: {},
  densities: '1',
  background: '#ffffff',
  metadata: 'strip',
  sharpen: false,
  animation: 'keep',
};

export function draftFromPreset(preset: Preset): PresetDraft {
  const quality: PresetDraft['quality'] = {};
  for (const format of preset.formats) {
    const value =
      typeof preset.quality === 'number'
        ? preset.quality
        : preset.quality?.[format as EncodedFormat];
    if (value !== undefined) quality[format] = String(value);
  }
  return {
    name: preset.name,
    width: preset.width === undefined ? '' : String(preset.width),
    height: preset.height === undefined ? '' : String(preset.height),
    fit: preset.fit,
    position: preset.position,
    enlarge: preset.enlarge,
    formats: [...preset.formats],
    quality,
    densities: preset.densities.join(', '),
    background: preset.background,
    metadata: preset.metadata,
    sharpen: preset.sharpen,
    animation: preset.animation,
  };
}

/** Empty text is "not given"; anything else must read as a number (NaN lets zod say so). */
function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

export function toPresetInput(draft: PresetDraft): PresetInput {
  const quality: Partial<Record<OutputFormat, number>> = {};
  for (const format of draft.formats) {
    const value = optionalNumber(draft.quality[format] ?? '');
    if (value !== undefined) quality[format] = value;
  }
  return {
    name: draft.name,
    width: optionalNumber(draft.width),
    height: optionalNumber(draft.height),
    fit: draft.fit,
    position: draft.position,
    enlarge: draft.enlarge,
    formats: draft.formats,
    quality: Object.keys(quality).length > 0 ? quality : undefined,
    densities: draft.densities
      .split(/[\s,]+/)
      .filter((part) => part !== '')
      .map(Number),
    background: draft.background,
    metadata: draft.metadata,
    sharpen: draft.sharpen,
    animation: draft.animation,
  };
}

/** One message per field (the first zod gives), keyed by the field's top-level name. */
export type FieldErrors = Partial<Record<keyof PresetDraft, string>>;

export function validateDraft(
  draft: PresetDraft,
): { preset: Preset; errors: FieldErrors } | { preset: null; errors: FieldErrors } {
  const result = presetSchema.safeParse(toPresetInput(draft));
  if (result.success) return { preset: result.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'name') as keyof PresetDraft;
    errors[field] ??= issue.message;
  }
  return { preset: null, errors };
}
