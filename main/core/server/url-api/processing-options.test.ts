import { describe, expect, it } from 'vitest';
import { parseProcessingOptions } from './processing-options.js';
import type { RawOption } from './url-path.js';

const LIMITS = { maxSize: 2000 };
const parse = (...segments: string[]) =>
  parseProcessingOptions(
    segments.map((s): RawOption => {
      const [name, ...args] = s.split(':');
      return { name: name!, args };
    }),
    LIMITS,
  );

describe('processing options', () => {
  // Every option: its long spelling, its short one, and all it sets (`given` aside), so that an
  // option both spellings lose, or misread alike, fails here.
  it.each([
    [
      'resize:fill:300:200:1:1:no',
      'rs:fill:300:200:t:t:no',
      {
        resizingType: 'fill',
        width: 300,
        height: 200,
        enlarge: true,
        extend: true,
        extendGravity: { type: 'compass', position: 'north', x: 0, y: 0 },
      },
    ],
    ['size:310:210:0', 's:310:210:f', { width: 310, height: 210, enlarge: false }],
    ['resizing_type:fit', 'rt:fit', { resizingType: 'fit' }],
    ['width:320', 'w:320', { width: 320 }],
    ['height:220', 'h:220', { height: 220 }],
    ['dpr:2', 'dpr:2', { dpr: 2 }], // imgproxy gives dpr no short form
    ['enlarge:1', 'el:t', { enlarge: true }],
    [
      'extend:1:so:10:-0.5',
      'ex:true:so:10:-0.5',
      { extend: true, extendGravity: { type: 'compass', position: 'south', x: 10, y: -0.5 } },
    ],
    ['gravity:sm', 'g:sm', { gravity: { type: 'smart' } }],
    ['quality:80', 'q:80', { quality: 80 }],
    ['format:jpg', 'f:jpg', { format: 'jpeg' }],
    ['format:webp', 'ext:webp', { format: 'webp' }],
    ['background:255:0:10', 'bg:ff000a', { background: '#ff000a' }],
    ['blur:2', 'bl:2', { blur: 2 }],
    ['sharpen:0.7', 'sh:0.7', { sharpen: 0.7 }],
    ['preset:card', 'pr:card', { preset: 'card' }],
    ['cachebuster:v2', 'cb:v2', { cachebuster: 'v2' }],
    ['strip_metadata:0', 'sm:f', { stripMetadata: false }],
    ['auto_rotate:1', 'ar:t', { autoRotate: true }],
  ])('read %s and its short form %s alike', (long, short, fields) => {
    const expected = { ...fields, given: new Set([long.split(':')[0]]) };
    expect(parse(long)).toStrictEqual(expected);
    expect(parse(short)).toStrictEqual(expected);
  });

  it('let later options override earlier ones, and read focal points and empty arguments', () => {
    const options = parse('w:100', 'w:200', 'rs:::50', 'g:fp:0.25:0.75', 'bg:abc', 'f:auto');
    expect(options).toMatchObject({
      width: 200,
      height: 50,
      gravity: { type: 'focal', x: 0.25, y: 0.75 },
      background: '#aabbcc',
      format: 'auto',
    });
  });

  it('refuse unknown options and malformed values with a one-line reason', () => {
    const cases: [string, RegExp][] = [
      ['brightness:10', /unknown or unsupported processing option "brightness"/],
      ['__proto__:1', /unknown/],
      ['w:ten', /width must be a whole number/],
      ['w:-1', /whole number/],
      ['w:2001', /beyond the maximum of 2000/],
      ['h:1.5', /whole number/],
      ['dpr:0', /above 0/],
      ['dpr:9', /maximum/],
      ['el:yes', /1\/t\/true or 0\/f\/false/],
      ['rt:crop', /not one of fit, fill, fill-down, force, auto/],
      ['g:up', /gravity "up" is not one of/],
      ['g:no:ten', /gravity x offset must be a number/],
      ['g:sm:1', /gravity:sm takes 0 argument/],
      ['g:no:1:2:3', /gravity takes 1 to 3 argument/],
      ['g:fp:2:0', /maximum of 1/],
      ['ex:1:sm', /extend gravity "sm"/],
      ['q:101', /maximum of 100/],
      ['f:tiff', /output format "tiff" is not supported/],
      ['bg:red', /background must be R:G:B or a hex colour/],
      ['bg:256:0:0', /channels 0 to 255/],
      ['bg:1:2', /background must be/],
      ['bg:abcd', /background must be/],
      // Names of Object.prototype are no option, gravity or format (own-property lookups).
      ['g:toString', /gravity "toString" is not one of/],
      ['g:__proto__', /gravity "__proto__" is not one of/],
      ['g:constructor', /gravity "constructor" is not one of/],
      ['ex:1:valueOf', /extend gravity "valueOf" is not one of/],
      ['toString:1', /unknown or unsupported processing option "toString"/],
      ['f:constructor', /output format "constructor" is not supported/],
      ['rt:hasOwnProperty', /not one of fit/],
      ['bl:1000', /maximum/],
      ['pr:a:b', /one library preset per URL, not "a" and "b"/],
      ['pr:a:', /one or more preset names/],
      ['w:1:2', /takes 1 argument/],
    ];
    for (const [segment, reason] of cases) {
      expect(() => parse(segment), segment).toThrow(reason);
    }
  });

  it('name the option in every arity and value error', () => {
    const cases: [string, RegExp][] = [
      ['rs:a:1:2:3:4:5:6:7:8', /^resize takes/],
      ['s:1:2:3:4:5:6:7:8', /^size takes/],
      ['rt:fit:fill', /^resizing_type takes/],
      ['h:1:2', /^height takes/],
      ['dpr:1:2', /^dpr takes/],
      ['el:1:1', /^enlarge takes/],
      ['ex:1:no:1:1:1', /^extend takes/],
      ['q:1:2', /^quality takes/],
      ['f:png:png', /^format takes/],
      ['bl:1:2', /^blur takes/],
      ['sh:1:2', /^sharpen takes/],
      ['cb:1:2', /^cachebuster takes/],
      ['sm:1:2', /^strip_metadata takes/],
      ['ar:1:2', /^auto_rotate takes/],
      ['ex:x', /^extend must be 1/],
      ['s:1:1:x', /^enlarge must be 1/],
      ['el:x', /^enlarge must be 1/],
      ['dpr:x', /^dpr must be a number/],
      ['q:x', /^quality must be a whole number/],
      ['bl:x', /^blur must be a number/],
      ['sh:x', /^sharpen must be a number/],
      ['sm:x', /^strip_metadata must be 1/],
      ['ar:x', /^auto_rotate must be 1/],
      ['bg:abc:1', /not "abc:1"/],
      ['bg::0:0', /background must be R:G:B/],
      [`bg:${'f'.repeat(60)}`, new RegExp(`not "${'f'.repeat(40)}"$`)],
    ];
    for (const [segment, reason] of cases) {
      expect(() => parse(segment), segment).toThrow(reason);
    }
  });

  it('skip empty arguments rather than read them', () => {
    expect(parse('bg:abc', 'bg:').background).toBeUndefined();
    expect(parse('ex:1:')).toStrictEqual({ extend: true, given: new Set(['extend']) });
    expect(parse('ex:1').extendGravity).toBeUndefined();
    expect(parse('s:100')).toStrictEqual({ width: 100, given: new Set(['size']) });
    expect(parse('s:1:1:1:')).toStrictEqual({
      width: 1,
      height: 1,
      enlarge: true,
      given: new Set(['size']),
    });
    expect(parse('rs:fill')).toStrictEqual({ resizingType: 'fill', given: new Set(['resize']) });
    expect(parse('bl:0').blur).toBeUndefined();
    expect(parse('bl:0.1').blur).toBe(0.3);
    expect(parse('pr:a:a').preset).toBe('a');
  });

  it('apply configured presets in place, default first, each once, and the server max_result_dimension', () => {
    const presets = new Map<string, RawOption[]>([
      ['default', [{ name: 'q', args: ['50'] }]],
      [
        'small',
        [
          { name: 'w', args: ['100'] },
          { name: 'pr', args: ['small'] },
        ],
      ],
    ]);
    const raw: RawOption[] = [{ name: 'pr', args: ['small', 'thumb'] }];
    const options = parseProcessingOptions(raw, {
      maxSize: 2000,
      presets,
      maxResultDimension: 500,
    });
    expect(options).toMatchObject({
      quality: 50,
      width: 100,
      preset: 'thumb',
      maxResultDimension: 500,
    });
    expect(options.usedPresets).toStrictEqual(['default', 'small']);
    expect(parseProcessingOptions([], { maxSize: 2000 })).toStrictEqual({ given: new Set() });
  });
});
