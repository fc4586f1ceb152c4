/**
 * A preset: the recipe a derivative is made from (docs/presets.md). Its fields, their defaults
 * and the types; the zod schema that validates one is preset-schema.ts, apart so that a process
 * that only reads stored presets (the CLI's `generate`) does not load zod (its 95 modules cost
 * ~130 ms of start-up and 3 MB of heap, which put the heap over V8's threshold for major GCs).
 * Pure data; no Node, no DOM.
 */
export type { Preset, PresetFile, PresetInput } from './preset-schema.js';
import type { Preset, PresetInput } from './preset-schema.js';

export const OUTPUT_FORMATS = ['jpeg', 'webp', 'avif', 'png', 'gif', 'original'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
/** A concrete encoder: what `original` resolves to for a given source. */
export type EncodedFormat = Exclude<OutputFormat, 'original'>;

export const FITS = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;
export type Fit = (typeof FITS)[number];

export const GRAVITIES = [
  'centre',
  'north',
  'northeast',
  'east',
  'southeast',
  'south',
  'southwest',
  'west',
  'northwest',
] as const;
export const POSITIONS = [...GRAVITIES, 'attention', 'entropy', 'focal'] as const;
export type Position = (typeof POSITIONS)[number];

export const METADATA_MODES = ['strip', 'copyright', 'keep'] as const;
export type MetadataMode = (typeof METADATA_MODES)[number];
export const ANIMATION_MODES = ['keep', 'first-frame'] as const;
export type AnimationMode = (typeof ANIMATION_MODES)[number];

export const PRESET_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** What a preset leaves out is filled in with these (the schema's defaults are these). */
export const PRESET_DEFAULTS: {
  readonly fit: Fit;
  readonly position: Position;
  readonly enlarge: boolean;
  readonly formats: readonly OutputFormat[];
  readonly densities: readonly number[];
  readonly background: string;
  readonly metadata: MetadataMode;
  readonly sharpen: boolean;
  readonly animation: AnimationMode;
} = Object.freeze({
  fit: 'inside',
  position: 'centre',
  enlarge: false,
  formats: Object.freeze(['original'] as const),
  densities: Object.freeze([1]),
  background: '#ffffff',
  metadata: 'strip',
  sharpen: false,
  animation: 'keep',
});

/**
 * A valid preset with every field it leaves out set to its default, as the schema fills them
 * in; for presets already valid (stored ones, or written in code), so nothing is checked.
 * @example withPresetDefaults({ name: 'thumb', width: 320 }).fit === 'inside'
 */
export function withPresetDefaults(input: PresetInput): Preset {
  const preset: Record<string, unknown> = { ...input };
  for (const [field, value] of Object.entries(PRESET_DEFAULTS)) {
    if (preset[field] === undefined) preset[field] = Array.isArray(value) ? [...value] : value;
  }
  return preset as Preset;
}

/**
 * A preset of nothing but defaults: no box, every other field as the schema fills it in.
 * @example presetDefaults('url').fit === 'inside'
 */
export function presetDefaults(name: string): Preset {
  return withPresetDefaults({ name });
}

/** The quality for one format, or undefined for the encoder's default. */
export function qualityFor(preset: Preset, format: EncodedFormat): number | undefined {
  if (typeof preset.quality === 'number') return preset.quality;
  return preset.quality?.[format];
}
