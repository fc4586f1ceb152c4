import { describe, expect, it } from 'vitest';
import { parsePreset, type Preset } from '../../../../shared/preset.js';
import type { SourceFacts } from '../../imaging/render-spec.js';
import type { ProcessingOptions } from './processing-options.js';
import { requestSpec, type RequestSpecInput } from './request-spec.js';

const JPEG: SourceFacts = { format: 'jpeg', width: 800, height: 600, pages: 1, hasAlpha: false };
// An animated GIF: its spec keeps the preset's own geometry (no imgproxy plan).
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

describe('requestSpec: options over the preset, seen on an animation', () => {
  const anim = (options: Partial<ProcessingOptions>, preset?: Preset) =>
    requestSpec(input(options, { facts: GIF, preset })).spec;

  it('maps each resizing type to a fit', () => {
    const box = { width: 100, height: 100 };
    expect(anim({ ...box, resizingType: 'fit' }).fit).toBe('inside');
    expect(anim({ ...box, resizingType: 'fill' }).fit).toBe('cover');
    expect(anim({ ...box, resizingType: 'fill-down' }).fit).toBe('cover');
    expect(anim({ ...box, resizingType: 'force' }).fit).toBe('fill');
  });

  it('auto fills when source and box have the same orientation, else fits', () => {
    // The source is landscape (800 x 600).
    expect(anim({ width: 200, height: 100, resizingType: 'auto' }).fit).toBe('cover');
    expect(anim({ width: 100, height: 200, resizingType: 'auto' }).fit).toBe('inside');
    expect(anim({ width: 100, height: 100, resizingType: 'auto' }).fit).toBe('inside');
    expect(anim({ width: 200, resizingType: 'auto' }).fit).toBe('inside');
    expect(anim({ height: 200, resizingType: 'auto' }).fit).toBe('inside');
    const portrait = { ...GIF, width: 600, height: 800 };
    const spec = requestSpec(
      input({ width: 100, height: 200, resizingType: 'auto' }, { facts: portrait }),
    ).spec;
    expect(spec.fit).toBe('cover');
  });

  it('takes 0 as "from the other side" and a missing side from the preset', () => {
    const preset = thumb();
    expect(anim({ width: 0 }, preset)).toMatchObject({ width: undefined, height: 100 });
    expect(anim({ height: 50 }, preset)).toMatchObject({ width: 200, height: 50 });
  });

  it('never enlarges for fill-down, else follows enlarge or the preset', () => {
    const big = { width: 1600, height: 1200 };
    expect(anim({ ...big, resizingType: 'fill-down', enlarge: true }).enlarge).toBe(false);
    expect(anim({ ...big, resizingType: 'fill', enlarge: true }).enlarge).toBe(true);
    expect(anim(big, thumb({ enlarge: true })).enlarge).toBe(true);
    expect(anim({ ...big, enlarge: false }, thumb({ enlarge: true })).enlarge).toBe(false);
  });

  it('takes the position from a compass or focal gravity', () => {
    const fill = { width: 100, height: 100, resizingType: 'fill' as const };
    expect(
      anim({ ...fill, gravity: { type: 'compass', position: 'south', x: 0, y: 0 } }),
    ).toMatchObject({ position: 'south' });
    const focal = anim({ ...fill, gravity: { type: 'focal', x: 0.25, y: 0.75 } });
    expect(focal.position).toBe('focal:0.2500,0.7500');
  });

  it('crops at the centre for a smart gravity, over the position of the preset', () => {
    // libvips has no smart crop across frames: "attention" falls back to the centre.
    const preset = thumb({ position: 'north' });
    expect(anim({ resizingType: 'fill' }, preset).position).toBe('north');
    expect(anim({ resizingType: 'fill', gravity: { type: 'smart' } }, preset).position).toBe(
      'centre',
    );
  });

  it('pads a fitted box with extend, at the extend gravity, scaled by dpr', () => {
    const box = { width: 300, height: 300, extend: true, dpr: 2 };
    const spec = anim({ ...box, extendGravity: { type: 'compass', position: 'east', x: 0, y: 0 } });
    expect(spec).toMatchObject({ fit: 'contain', width: 600, height: 600, position: 'east' });
    expect(anim(box)).toMatchObject({
      fit: 'contain',
      width: 600,
      height: 600,
      position: 'centre',
    });
    expect(anim({ ...box, resizingType: 'fill' }).fit).toBe('cover');
    expect(anim({ width: 300, extend: true }).fit).toBe('inside');
    expect(anim({ height: 300, extend: true }).fit).toBe('inside');
    expect(anim({ width: 300, height: 300 }).fit).toBe('inside');
  });

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

  it('pixelates above one pixel, and never an animation', () => {
    expect(requestSpec(input({ pixelate: 8 })).spec.pixelate).toBe(8);
    expect(requestSpec(input({ pixelate: 1 })).spec.pixelate).toBeUndefined();
    expect(() => requestSpec(input({ pixelate: 8 }, { facts: GIF }))).toThrow(
      expect.objectContaining({ status: 400, message: expect.stringContaining('animations') }),
    );
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
  const anim = (options: Partial<ProcessingOptions>, facts: SourceFacts = GIF) =>
    requestSpec(input(options, { facts })).spec;

  it('auto fits a box with a free side whatever the orientation, and a square source', () => {
    const portrait = { ...GIF, width: 600, height: 800 };
    expect(anim({ width: 200, resizingType: 'auto' }, portrait).fit).toBe('inside');
    expect(anim({ height: 200, resizingType: 'auto' }, portrait).fit).toBe('inside');
    const square = { ...GIF, width: 600, height: 600 };
    expect(anim({ width: 200, height: 100, resizingType: 'auto' }, square).fit).toBe('inside');
  });

  it('pads to the exact box even beyond the source, keeping the centre for a non-compass extend gravity', () => {
    const spec = anim({
      width: 1000,
      height: 1000,
      extend: true,
      extendGravity: { type: 'smart' },
    });
    expect(spec).toMatchObject({ fit: 'contain', width: 1000, height: 1000, position: 'centre' });
  });

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
    expect(
      requestSpec(input({ watermark: { ...wm, opacity: 0 } }, { watermark: configured })).spec
        .watermark,
    ).toBeUndefined();
  });

  it('is refused on an animation answered as one', () => {
    expect(() =>
      requestSpec(
        input({ watermark: wm }, { facts: GIF, extension: 'gif', watermark: configured }),
      ),
    ).toThrow(/watermark is not supported on animations/);
  });
});
