/**
 * The preset schema: validates a preset as a person or a file wrote it and fills in its
 * defaults (preset.ts holds the fields, the defaults and the types).
 */
import { z } from 'zod';
import { isColour } from './colour.js';
import { CodedError, type Issue } from './contract/errors.js';
import { issuesOf } from './contract/parse-or-throw.js';
import {
  ANIMATION_MODES,
  FITS,
  METADATA_MODES,
  OUTPUT_FORMATS,
  POSITIONS,
  PRESET_DEFAULTS,
  PRESET_NAME,
} from './preset.js';

const dimension = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(8192, 'must be at most 8192');
const qualityValue = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(100, 'must be at most 100');

/** The preset's fields alone, without the rule that spans them (a width or a height). */
const presetObject = z
  .object({
    name: z
      .string({ error: 'is required' })
      .max(64, 'must be at most 64 characters')
      .regex(
        PRESET_NAME,
        'must be lower-case letters, digits, - or _, starting with a letter or digit',
      ),
    label: z.string().max(200).optional(),
    width: dimension.optional(),
    height: dimension.optional(),
    fit: z.enum(FITS).default(PRESET_DEFAULTS.fit),
    position: z.enum(POSITIONS).default(PRESET_DEFAULTS.position),
    enlarge: z.boolean().default(PRESET_DEFAULTS.enlarge),
    formats: z
      .array(z.enum(OUTPUT_FORMATS))
      .min(1, 'needs at least one format')
      .refine((f) => new Set(f).size === f.length, 'lists a format twice')
      .default(() => [...PRESET_DEFAULTS.formats]),
    quality: z
      .union([qualityValue, z.partialRecord(z.enum(OUTPUT_FORMATS), qualityValue)])
      .optional(),
    densities: z
      .array(z.number().min(1, 'must be at least 1').max(4, 'must be at most 4'))
      .min(1, 'needs at least one density')
      .refine((d) => new Set(d).size === d.length, 'lists a density twice')
      .default(() => [...PRESET_DEFAULTS.densities]),
    // Checked whole (isColour), so a saved preset never fails at render time for its colour.
    background: z
      .string()
      .max(64)
      .refine(isColour, 'must be a CSS colour')
      .default(PRESET_DEFAULTS.background),
    metadata: z.enum(METADATA_MODES).default(PRESET_DEFAULTS.metadata),
    sharpen: z.boolean().default(PRESET_DEFAULTS.sharpen),
    animation: z.enum(ANIMATION_MODES).default(PRESET_DEFAULTS.animation),
  })
  .strict();

export const presetSchema = presetObject.refine(
  (p) => p.width !== undefined || p.height !== undefined,
  { message: 'needs a width or a height', path: ['width'] },
);

/** A preset as written by a person: defaults may be left out. */
export type PresetInput = z.input<typeof presetSchema>;
/** A preset with every default filled in. */
export type Preset = z.output<typeof presetSchema>;

export const presetFileSchema = z.object({ presets: z.array(presetSchema) }).strict();
export type PresetFile = z.output<typeof presetFileSchema>;

/** Thrown when a preset or preset file does not parse; `issues` name each field. */
export class PresetError extends CodedError {
  constructor(message: string, issues: Issue[]) {
    super('invalid-input', message, { issues });
    this.name = 'PresetError';
  }
}

function toPresetError(error: z.ZodError, what: string): PresetError {
  const issues = issuesOf(error);
  const lines = issues.map((i) => `${i.path || '(root)'} ${i.message}`);
  return new PresetError(`${what} is not valid: ${lines.join('; ')}`, issues);
}

/**
 * Validates one preset and fills in its defaults.
 * @example parsePreset({ name: 'thumb', width: 320 }).fit === 'inside'
 */
export function parsePreset(input: unknown): Preset {
  const result = presetSchema.safeParse(input);
  if (!result.success) {
    const name = (input as { name?: unknown } | null)?.name;
    throw toPresetError(result.error, typeof name === 'string' ? `preset "${name}"` : 'preset');
  }
  return result.data;
}

/**
 * Validates a preset file (`{ "presets": [...] }`) and refuses duplicate names.
 * @example parsePresetFile(JSON.parse(text)).presets.length
 */
export function parsePresetFile(input: unknown): PresetFile {
  const result = presetFileSchema.safeParse(input);
  if (!result.success) throw toPresetError(result.error, 'preset file');
  const seen = new Set<string>();
  for (const preset of result.data.presets) {
    if (seen.has(preset.name)) {
      throw new PresetError(`preset file is not valid: "${preset.name}" appears twice`, [
        { path: 'presets', message: `"${preset.name}" appears twice` },
      ]);
    }
    seen.add(preset.name);
  }
  return result.data;
}
