import { describe, expect, it } from 'vitest';
import type { Preset } from '../../../../shared/preset.js';
import { parsePreset } from '../../../../shared/preset-schema.js';
import type { SourceFacts } from '../../imaging/render-spec.js';
import type { ProcessingOptions } from './processing-options.js';
import { requestSpec, type RequestSpecInput } from './request-spec.js';

const JPEG: SourceFacts = { format: 'jpeg', width: 800, height: 600, pages: 1, hasAlpha: false };
// An animated GIF: its frames are planned as a still of the same size would be.
const GIF: SourceFacts = { format: 'gif', width: 800, height: 600, pages: 3, hasAlpha: false };

function input(
  options: Partial<ProcessingOptions> & { given?: Set<string> },
  rest: Partial<RequestSpecInput> = {},
): RequestSpecInput {
  const given = options.given ?? new Set(Object.keys(options));
  return {
    options: { ...options, given },
    extension: undefined,
    preset: undefined,
    facts: JPEG,
    accepted: [],
    maxSize: 8192,
    onlyPresets: false,
    negotiate: { avif: false, webp: false },
    ...rest,
  };
}

const thumb = (fields: Record<string, unknown> = {}): Preset =>
  parsePreset({ name: 'thumb', width: 200, height: 100, fit: 'cover', ...fields });

describe('requestSpec: the format', () => {
  it('takes the extension over the format option', () => {
    const { spec, negotiated } = requestSpec(input({ format: 'png' }, { extension: 'webp' }));
    expect(spec.format).toBe('webp');
    expect(negotiated).toBe(false);
  });

  it('answers in the source format when nothing negotiates', () => {
    const { spec, negotiated } = requestSpec(input({}, { accepted: ['avif', 'webp'] }));
    expect(spec.format).toBe('jpeg');
    expect(negotiated).toBe(false);
  });

  it('lets Accept choose only the formats the operator enabled', () => {
    const webpOnly = { avif: false, webp: true };
    const chosen = requestSpec(input({}, { accepted: ['avif', 'webp'], negotiate: webpOnly }));
    expect(chosen.spec.format).toBe('webp');
    expect(chosen.negotiated).toBe(true);
    const both = { avif: true, webp: true };
    expect(requestSpec(input({}, { accepted: ['avif'], negotiate: both })).spec.format).toBe(
      'avif',
    );
    // Negotiated, but the client takes neither: the source's own format.
    const none = requestSpec(input({}, { accepted: [], negotiate: both }));
    expect(none.spec.format).toBe('jpeg');
    expect(none.negotiated).toBe(true);
  });

  it('negotiates for format auto but not for an explicit format', () => {
    const both = { avif: true, webp: true };
    const auto = requestSpec(input({ format: 'auto' }, { accepted: ['webp'], negotiate: both }));
    expect(auto.spec.format).toBe('webp');
    expect(auto.negotiated).toBe(true);
    const png = requestSpec(input({ format: 'png' }, { accepted: ['webp'], negotiate: both }));
    expect(png.spec.format).toBe('png');
    expect(png.negotiated).toBe(false);
  });

  it('offers only WebP for an animation (AVIF would lose its frames)', () => {
    const both = { avif: true, webp: true };
    const { spec } = requestSpec(input({}, { facts: GIF, accepted: ['avif'], negotiate: both }));
    expect(spec.format).toBe('gif');
  });

  it("takes a preset's formats, each once, as the candidates", () => {
    const preset = thumb({ formats: ['original', 'jpeg', 'webp'] });
    const webp = { avif: false, webp: true };
    const plain = requestSpec(input({ preset: 'thumb' }, { preset }));
    expect(plain.spec.format).toBe('jpeg');
    expect(plain.negotiated).toBe(false);
    const chosen = requestSpec(
      input({ preset: 'thumb' }, { preset, accepted: ['webp'], negotiate: webp }),
    );
    expect(chosen.spec.format).toBe('webp');
  });
});

describe('requestSpec: only presets', () => {
  const preset = thumb({ formats: ['jpeg', 'webp'], densities: [1, 2] });
  const only = (options: Partial<ProcessingOptions>, rest: Partial<RequestSpecInput> = {}) =>
    requestSpec(input(options, { preset, onlyPresets: true, ...rest }));

  it("serves a preset's own variants", () => {
    const { spec } = only({ preset: 'thumb', format: 'webp', dpr: 2, cachebuster: 'v1' });
    expect(spec).toMatchObject({ format: 'webp', width: 400, height: 200 });
  });

  it('refuses a URL without a preset', () => {
    expect(() => requestSpec(input({ width: 10 }, { onlyPresets: true }))).toThrow(
      expect.objectContaining({ status: 403, message: expect.stringContaining('add pr:') }),
    );
  });

  it('refuses any other option, naming it', () => {
    expect(() => only({ preset: 'thumb', width: 10 })).toThrow(
      expect.objectContaining({
        status: 403,
        message: expect.stringContaining('width is refused'),
      }),
    );
  });

  it('refuses a format or a density the preset lacks', () => {
    expect(() => only({ preset: 'thumb', format: 'png' })).toThrow(
      expect.objectContaining({ status: 403, message: expect.stringContaining('no png variant') }),
    );
    expect(() => only({ preset: 'thumb', dpr: 3 })).toThrow(
      expect.objectContaining({ status: 403, message: expect.stringContaining('no 3x variant') }),
    );
  });
});

describe('requestSpec: a bare preset renders as the preset does', () => {
  it("keeps the preset's box, fit and position", () => {
    const preset = thumb({ position: 'north' });
    const { spec } = requestSpec(input({ preset: 'thumb', dpr: 2 }, { preset }));
    expect(spec).toMatchObject({ width: 400, height: 200, fit: 'cover', position: 'north' });
    expect(spec.geometry).toBeUndefined();
  });

  it('plans imgproxy geometry once any other option is given', () => {
    const preset = thumb();
    const { spec } = requestSpec(input({ preset: 'thumb', width: 50 }, { preset }));
    expect(spec).toMatchObject({ width: 50, height: 100, fit: 'fill', position: 'centre' });
    expect(spec.enlarge).toBe(false);
    expect(spec.geometry).toBeDefined();
  });
});

describe("requestSpec: an animation answered as one gets imgproxy's geometry", () => {
  // imgproxy plans on one frame's size and runs the same plan on every frame.
  const STILL: SourceFacts = { ...GIF, pages: 1 };
  const planned = (options: Partial<ProcessingOptions>, facts: SourceFacts) =>
    requestSpec(input(options, { facts, extension: 'gif' })).spec;

  it.each<[string, Partial<ProcessingOptions>]>([
    ['fit', { width: 100, height: 100, resizingType: 'fit' }],
    [
      'fill at a gravity',
      {
        width: 100,
        height: 40,
        resizingType: 'fill',
        gravity: { type: 'compass', position: 'south', x: 0, y: 0 },
      },
    ],
    ['force with enlarge', { width: 1000, height: 50, resizingType: 'force', enlarge: true }],
    [
      'extend with offsets',
      {
        width: 900,
        height: 900,
        extend: true,
        extendGravity: { type: 'compass', position: 'north', x: 5, y: 10 },
      },
    ],
    [
      'crop, rotate and flip',
      {
        crop: {
          width: 300,
          height: 200,
          gravity: { type: 'compass', position: 'west', x: 0, y: 0 },
        },
        rotate: 90,
        flip: { horizontal: true, vertical: false },
      },
    ],
    ['padding and dpr', { width: 200, padding: { top: 1, right: 2, bottom: 3, left: 4 }, dpr: 2 }],
  ])("%s: the plan of a still of one frame's size", (_, options) => {
    const animated = planned(options, GIF);
    const still = planned(options, STILL);
    expect(animated.animated).toBe(true);
    expect(still.animated).toBe(false);
    expect(animated.geometry).toBeDefined();
    expect(animated.geometry).toEqual(still.geometry);
    expect([animated.width, animated.height]).toEqual([still.width, still.height]);
  });

  it('ignores trim, as imgproxy does on an animation, and searches a smart crop frame by frame', () => {
    const trim = { threshold: 10, equalHor: false, equalVer: false };
    expect(planned({ width: 100, trim }, STILL).pixelPlan?.trim).toEqual(trim);
    const trimmed = planned({ width: 100, trim }, GIF);
    expect(trimmed.pixelPlan).toBeUndefined();
    expect(trimmed.geometry).toEqual(planned({ width: 100 }, GIF).geometry);
    const smart = { crop: { width: 300, height: 300, gravity: { type: 'smart' } } } as const;
    const searched = planned({ ...smart, trim }, GIF);
    expect(searched.pixelPlan).toMatchObject({ trim: undefined, maxSize: 8192 });
    expect(searched.pixelPlan?.request).toEqual(planned(smart, STILL).pixelPlan?.request);
  });

  it('hands the render the stored EXIF orientation to undo before it looks, only when it is not upright', () => {
    const trim = { threshold: 10, equalHor: false, equalVer: false };
    const plan = (orientation: number | undefined) =>
      requestSpec(input({ width: 100, trim }, { orientation })).spec.pixelPlan;
    expect(plan(6)).toMatchObject({ orientation: 6 });
    expect(plan(2)).toMatchObject({ orientation: 2 });
    // Upright or unknown: nothing, so such URLs keep the key they had.
    expect(plan(1)).not.toHaveProperty('orientation');
    expect(plan(undefined)).not.toHaveProperty('orientation');
  });
});

describe('requestSpec: encoding options over the preset', () => {
  const anim = (options: Partial<ProcessingOptions>, preset?: Preset) =>
    requestSpec(input(options, { facts: GIF, preset })).spec;

  it('takes quality 0 as the default and background, sharpen over the preset', () => {
    const preset = thumb({ quality: 70, background: '#000000', sharpen: true });
    expect(anim({}, preset)).toMatchObject({ quality: 70, background: '#000000', sharpen: true });
    expect(anim({ quality: 0 }, preset).quality).toBeUndefined();
    expect(anim({ quality: 40, background: '#ff0000', sharpen: 0 }, preset)).toMatchObject({
      quality: 40,
      background: '#ff0000',
      sharpen: false,
    });
    expect(anim({ sharpen: 2 }).sharpen).toBe(true);
  });

  it('combines strip_metadata and keep_copyright as imgproxy does', () => {
    expect(anim({}).metadata).toBe('copyright');
    expect(anim({ stripMetadata: false }).metadata).toBe('keep');
    expect(anim({ keepCopyright: false }).metadata).toBe('strip');
    expect(anim({}, thumb({ metadata: 'keep' })).metadata).toBe('keep');
    expect(anim({}, thumb({ metadata: 'strip' })).metadata).toBe('strip');
    expect(anim({ keepCopyright: true }, thumb({ metadata: 'strip' })).metadata).toBe('copyright');
  });
});

describe('requestSpec: filters and limits', () => {
  it('uses format_quality only when quality is not given', () => {
    const formatQuality = { jpeg: 55 };
    expect(requestSpec(input({ formatQuality })).spec.quality).toBe(55);
    expect(requestSpec(input({ formatQuality, quality: 80 })).spec.quality).toBe(80);
    expect(requestSpec(input({ formatQuality: { png: 10 } })).spec.quality).toBeUndefined();
  });

  it('passes blur, max_bytes, keep_color_profile and the sharpen sigma on', () => {
    const { spec } = requestSpec(
      input({ blur: 2, maxBytes: 5000, keepColorProfile: true, sharpen: 1.5 }),
    );
    expect(spec).toMatchObject({
      blur: 2,
      maxBytes: 5000,
      keepIccProfile: true,
      sharpenSigma: 1.5,
    });
    const plain = requestSpec(input({ keepColorProfile: false, sharpen: 0 })).spec;
    expect(plain.keepIccProfile).toBeUndefined();
    expect(plain.sharpenSigma).toBeUndefined();
    expect(plain.blur).toBeUndefined();
    expect(plain.maxBytes).toBeUndefined();
  });

  it('pixelates above one pixel, an animation too (frame by frame, as imgproxy)', () => {
    expect(requestSpec(input({ pixelate: 8 })).spec.pixelate).toBe(8);
    expect(requestSpec(input({ pixelate: 1 })).spec.pixelate).toBeUndefined();
    const animated = requestSpec(input({ pixelate: 8 }, { facts: GIF, extension: 'gif' })).spec;
    expect([animated.animated, animated.pixelate]).toEqual([true, 8]);
  });

  it('refuses a result side beyond the maximum, and allows one at it', () => {
    expect(requestSpec(input({ width: 100 }, { maxSize: 100 })).spec.width).toBe(100);
    expect(() =>
      requestSpec(input({ width: 50, height: 101, resizingType: 'force' }, { maxSize: 100 })),
    ).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringContaining('101 pixels') }),
    );
    expect(() => requestSpec(input({ width: 101 }, { maxSize: 100 }))).toThrow(
      expect.objectContaining({ status: 400 }),
    );
  });

  it('sets blur and max_bytes only when asked for', () => {
    const { spec } = requestSpec(input({}));
    expect(spec).not.toHaveProperty('blur');
    expect(spec).not.toHaveProperty('maxBytes');
  });
});

describe('requestSpec: edge cases Stryker found', () => {
  it('offers WebP to an animation when the operator lets Accept choose it', () => {
    const webp = { avif: false, webp: true };
    const chosen = requestSpec(input({}, { facts: GIF, accepted: ['webp'], negotiate: webp }));
    expect(chosen.spec.format).toBe('webp');
  });

  it('lets Accept pick only among the formats the operator enabled', () => {
    const preset = thumb({ formats: ['avif', 'webp', 'jpeg'] });
    const webp = { avif: false, webp: true };
    const { spec } = requestSpec(
      input({ preset: 'thumb' }, { preset, accepted: ['avif', 'webp'], negotiate: webp }),
    );
    expect(spec.format).toBe('webp');
  });
});

describe('requestSpec: IMGPROXY_ENFORCE_AVIF / _WEBP', () => {
  const enforce = (avif: boolean, webp: boolean) => ({
    avif: false,
    webp: false,
    enforce: { avif, webp },
  });

  it("puts the enforced format over the URL's when the client accepts it, AVIF first", () => {
    const png = (
      accepted: RequestSpecInput['accepted'],
      negotiate: RequestSpecInput['negotiate'] = enforce(true, true),
    ) => requestSpec(input({}, { extension: 'png', accepted, negotiate }));
    expect(png(['webp']).spec.format).toBe('webp');
    expect(png(['avif', 'webp']).spec.format).toBe('avif');
    expect(png(['avif'], enforce(false, true)).spec.format).toBe('png');
    // Either one on is enforcing: AVIF alone still goes over the URL's PNG.
    expect(png(['avif', 'webp'], enforce(true, false)).spec.format).toBe('avif');
    const neither = png([]);
    expect([neither.spec.format, neither.negotiated]).toEqual(['png', true]);
    const off = png(['avif', 'webp'], { avif: true, webp: true });
    expect([off.spec.format, off.negotiated]).toEqual(['png', false]);
  });

  it("never enforces AVIF on an animation, and keeps to a library preset's formats", () => {
    const gif = requestSpec(
      input(
        {},
        {
          extension: 'gif',
          facts: GIF,
          accepted: ['avif', 'webp'],
          negotiate: enforce(true, true),
        },
      ),
    );
    expect(gif.spec.format).toBe('webp');
    const preset = thumb({ formats: ['jpeg', 'webp'] });
    const chosen = requestSpec(
      input(
        { preset: 'thumb' },
        { extension: 'jpeg', preset, accepted: ['avif', 'webp'], negotiate: enforce(true, true) },
      ),
    );
    expect(chosen.spec.format).toBe('webp');
  });

  it('makes enforcing imply preferring for a URL without a format', () => {
    const auto = requestSpec(input({}, { accepted: ['webp'], negotiate: enforce(false, true) }));
    expect([auto.spec.format, auto.negotiated]).toEqual(['webp', true]);
  });
});

describe('requestSpec: watermark', () => {
  const wm = { opacity: 0.8, position: 'north' as const, x: 0, y: 0, scale: 0 };
  const configured = { hash: 'abc', opacity: 0.5 };

  it('lays the configured watermark at the URL opacity times the configured one, by its hash', () => {
    const { spec } = requestSpec(input({ watermark: wm }, { watermark: configured }));
    expect(spec.watermark).toEqual({ ...wm, opacity: 0.4, hash: 'abc' });
    // Nothing configured: the option does nothing, as in imgproxy.
    expect(requestSpec(input({ watermark: wm })).spec.watermark).toBeUndefined();
    // Configured, but the URL asks for none: no watermark.
    expect(requestSpec(input({}, { watermark: configured })).spec.watermark).toBeUndefined();
    expect(
      requestSpec(input({ watermark: { ...wm, opacity: 0 } }, { watermark: configured })).spec
        .watermark,
    ).toBeUndefined();
  });

  it('is laid on an animation answered as one too (on every frame, as imgproxy)', () => {
    const { spec } = requestSpec(
      input({ watermark: wm }, { facts: GIF, extension: 'gif', watermark: configured }),
    );
    expect(spec.animated).toBe(true);
    expect(spec.watermark).toMatchObject({ ...wm, opacity: 0.4, hash: 'abc' });
  });
});

describe("requestSpec: IMGPROXY_MAX_ANIMATION_FRAMES (imgproxy's processing.go)", () => {
  const gif = (options: Partial<ProcessingOptions>, rest: Partial<RequestSpecInput> = {}) =>
    requestSpec(input(options, { facts: GIF, extension: 'gif', ...rest })).spec;

  it('keeps the first N frames of a longer animation, and all of one no longer than N', () => {
    expect(gif({ width: 100 }, { maxAnimationFrames: 2 })).toMatchObject({
      animated: true,
      frames: 2,
    });
    const all = gif({ width: 100 }, { maxAnimationFrames: 3 });
    expect(all.animated).toBe(true);
    expect('frames' in all).toBe(false);
    expect('frames' in gif({ width: 100 })).toBe(false);
  });

  it('makes one frame a still: no frames field, AVIF negotiable as for any still', () => {
    const still = gif({ width: 100 }, { maxAnimationFrames: 1 });
    expect([still.animated, 'frames' in still]).toEqual([false, false]);
    const negotiated = requestSpec(
      input(
        { width: 100 },
        {
          facts: GIF,
          maxAnimationFrames: 1,
          accepted: ['avif'],
          negotiate: { avif: true, webp: false },
        },
      ),
    ).spec;
    expect(negotiated.format).toBe('avif');
  });

  it("leaves a library preset asked for as it is to the preset's own animation mode", () => {
    const preset = thumb({ formats: ['gif'] });
    const bare = gif({ preset: 'thumb' }, { preset, maxAnimationFrames: 1 });
    expect(bare.animated).toBe(true);
    const shaped = gif({ preset: 'thumb', width: 100 }, { preset, maxAnimationFrames: 1 });
    expect(shaped.animated).toBe(false);
  });
});
