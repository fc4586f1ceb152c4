/**
 * Properties of the processing-option parser, over generated option lists rather than chosen
 * examples: it refuses only with its own typed 400, what it accepts is plain well-bounded data,
 * the long and short spellings of an option are one option, and whatever imgproxy's official
 * URL builder writes parses back to what was asked.
 */
import { generateImageUrl } from '@imgproxy/imgproxy-node';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GRAVITIES } from '../../../../shared/preset.js';
import { parseProcessingOptions, type ProcessingOptions } from './processing-options.js';
import { UrlApiError } from './url-api-error.js';
import { parseSignedPath, type RawOption } from './url-path.js';

const LIMITS = { maxSize: 4096 };

/** imgproxy's documented long names and their short forms (docs.imgproxy.net, "Processing options"). */
const SPELLINGS: [string, ...string[]][] = [
  ['resize', 'rs'],
  ['size', 's'],
  ['resizing_type', 'rt'],
  ['width', 'w'],
  ['height', 'h'],
  ['enlarge', 'el'],
  ['extend', 'ex'],
  ['gravity', 'g'],
  ['quality', 'q'],
  ['format', 'f', 'ext'],
  ['background', 'bg'],
  ['blur', 'bl'],
  ['sharpen', 'sh'],
  ['preset', 'pr'],
  ['cachebuster', 'cb'],
  ['strip_metadata', 'sm'],
  ['auto_rotate', 'ar'],
];
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

/** Argument values: valid ones of every option, edge cases, prototype names and noise. */
const arg = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      ...['', '0', '1', '2', '7', '100', '300', '4096', '4097', '999999999', '-1', '0.5', '1e3'],
      ...['fit', 'fill', 'fill-down', 'force', 'auto', 't', 'false', 'true'],
      ...['ce', 'no', 'soea', 'sm', 'fp', 'jpg', 'png', 'webp', 'avif', 'gif', 'fff', 'a0b1c2'],
      ...PROTOTYPE_NAMES,
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const args = fc.array(arg, { minLength: 0, maxLength: 8 });
const optionName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SPELLINGS.flat(), ...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
/** Option lists; every other one is an option of ours with prototype names for arguments. */
const rawOptions = fc.oneof(
  fc.array(
    fc.record({ name: optionName, args }).map((o): RawOption => o),
    { maxLength: 4 },
  ),
  fc
    .record({
      name: fc.constantFrom(...SPELLINGS.flat()),
      args: fc.array(fc.constantFrom('', '1', ...PROTOTYPE_NAMES), { minLength: 1, maxLength: 3 }),
    })
    .map((o): RawOption[] => [o]),
);

type Outcome = { ok: true; options: ProcessingOptions } | { ok: false; status: number };

/** Parses, and fails the property for any throw but the parser's own 4xx. */
function outcome(raw: readonly RawOption[]): Outcome {
  try {
    return { ok: true, options: parseProcessingOptions(raw, LIMITS) };
  } catch (error) {
    if (!(error instanceof UrlApiError)) throw error;
    expect(error.status).toBe(400);
    return { ok: false, status: error.status };
  }
}

/** Every value inside `value` that is not plain data: functions, non-finite numbers. */
function oddValues(value: unknown, at = 'options'): string[] {
  if (typeof value === 'function') return [`${at} is a function`];
  if (typeof value === 'number' && !Number.isFinite(value)) return [`${at} is ${value}`];
  if (value instanceof Set) return [...value].flatMap((v, i) => oddValues(v, `${at}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => oddValues(v, `${at}.${key}`));
  }
  return [];
}

function definedOnly(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** The fields the builder property asks for; gravity is compared on its own. */
function fieldsOf(o: ProcessingOptions): Record<string, unknown> {
  const { given: _given, gravity: _gravity, ...fields } = o;
  return definedOnly(fields);
}

describe('processing options, as properties', () => {
  it('refuse anything only with their own 400, never another error', () => {
    fc.assert(
      fc.property(rawOptions, (raw) => void outcome(raw)),
      { numRuns: 2000 },
    );
  });

  it('accept only plain, bounded data: sharp gravities, hex colours, sizes within the limit', () => {
    fc.assert(
      fc.property(rawOptions, (raw) => {
        const result = outcome(raw);
        if (!result.ok) return;
        const o = result.options;
        expect(oddValues(o)).toEqual([]);
        for (const g of [o.gravity, o.extendGravity]) {
          if (g?.type === 'compass') expect(GRAVITIES).toContain(g.position);
          if (g?.type === 'focal') expect([g.x, g.y].every((v) => v >= 0 && v <= 1)).toBe(true);
        }
        for (const side of [o.width, o.height]) {
          if (side !== undefined) expect(Number.isInteger(side) && side >= 0).toBe(true);
          if (side !== undefined) expect(side).toBeLessThanOrEqual(LIMITS.maxSize);
        }
        if (o.background !== undefined) expect(o.background).toMatch(/^#[0-9a-f]{6}$/);
        if (o.quality !== undefined) expect(o.quality >= 0 && o.quality <= 100).toBe(true);
        if (o.dpr !== undefined) expect(o.dpr > 0 && o.dpr <= 8).toBe(true);
        if (o.format !== undefined) {
          expect(['jpeg', 'png', 'webp', 'avif', 'gif', 'auto']).toContain(o.format);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('read every spelling of an option alike, whatever its arguments', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SPELLINGS), args, (names, values) => {
        const outcomes = names.map((name) => outcome([{ name, args: values }]));
        for (const other of outcomes.slice(1)) expect(other).toStrictEqual(outcomes[0]);
      }),
      { numRuns: 2000 },
    );
  });

  it('parse what imgproxy’s own URL builder writes back to the options asked for', () => {
    // imgproxy's compass codes are two-letter points (no, soea…); sharp spells them out.
    const POINTS = { no: 'north', so: 'south', ea: 'east', we: 'west' } as const;
    const sharpName = (code: string) =>
      code === 'ce'
        ? 'centre'
        : code
            .match(/../g)!
            .map((point) => POINTS[point as keyof typeof POINTS])
            .join('');
    // From 1: the builder leaves a 0 out, as imgproxy's default.
    const asked = fc.record(
      {
        width: fc.integer({ min: 1, max: LIMITS.maxSize }),
        height: fc.integer({ min: 1, max: LIMITS.maxSize }),
        resizing_type: fc.constantFrom('fit', 'fill', 'fill-down', 'force', 'auto' as const),
        dpr: fc.integer({ min: 1, max: 8 }),
        enlarge: fc.boolean(),
        gravity: fc.constantFrom(
          'ce',
          'no',
          'so',
          'ea',
          'we',
          'noea',
          'nowe',
          'soea',
          'sowe' as const,
        ),
        quality: fc.integer({ min: 1, max: 100 }),
        format: fc.constantFrom('jpg', 'png', 'webp', 'avif', 'gif' as const),
        background: fc.record({
          r: fc.integer({ min: 0, max: 255 }),
          g: fc.integer({ min: 0, max: 255 }),
          b: fc.integer({ min: 0, max: 255 }),
        }),
        sharpen: fc.integer({ min: 1, max: 10 }),
        strip_metadata: fc.boolean(),
        preset: fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(asked, fc.constantFrom('plain', 'base64' as const), (wanted, displayAs) => {
        const { gravity, preset, ...rest } = wanted;
        const url = generateImageUrl({
          endpoint: 'http://127.0.0.1',
          url: { value: 'local:///photos/a.jpg', displayAs },
          options: {
            ...rest,
            ...(gravity ? { gravity: { type: gravity } } : {}),
            ...(preset ? { preset: [preset] } : {}),
          },
        });
        const signedPath = new URL(url).pathname.replace(/^\/insecure/, '');
        const parsed = parseSignedPath(signedPath);
        expect(parsed.source).toEqual({ sourceName: 'photos', relPath: 'a.jpg' });
        const o = parseProcessingOptions(parsed.options, LIMITS);
        const hex = (n: number) => n.toString(16).padStart(2, '0');
        const { r, g, b } = wanted.background ?? {};
        expect(fieldsOf(o)).toEqual(
          definedOnly({
            width: wanted.width,
            height: wanted.height,
            resizingType: wanted.resizing_type,
            dpr: wanted.dpr,
            enlarge: wanted.enlarge,
            quality: wanted.quality,
            format: wanted.format === 'jpg' ? 'jpeg' : wanted.format,
            background: wanted.background && `#${hex(r!)}${hex(g!)}${hex(b!)}`,
            sharpen: wanted.sharpen,
            stripMetadata: wanted.strip_metadata,
            preset,
          }),
        );
        if (gravity)
          expect(o.gravity).toMatchObject({ type: 'compass', position: sharpName(gravity) });
      }),
      { numRuns: 500 },
    );
  });
});
