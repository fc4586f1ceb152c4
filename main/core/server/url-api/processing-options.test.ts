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
  it('read long names and short forms alike', () => {
    const long = parse(
      'resize:fill:300:200:1:1:no',
      'dpr:2',
      'gravity:sm',
      'quality:80',
      'format:jpg',
      'background:255:0:10',
      'blur:2',
      'sharpen:0.7',
      'preset:card',
      'cachebuster:v2',
      'strip_metadata:0',
      'auto_rotate:1',
    );
    const short = parse(
      'rt:fill',
      's:300:200:t',
      'ex:true:no',
      'dpr:2',
      'g:sm',
      'q:80',
      'ext:jpg',
      'bg:ff000a',
      'bl:2',
      'sh:0.7',
      'pr:card',
      'cb:v2',
      'sm:f',
      'ar:t',
    );
    const { given: _long, ...a } = long;
    const { given: _short, ...b } = short;
    expect(a).toEqual(b);
    expect(a).toMatchObject({
      resizingType: 'fill',
      width: 300,
      height: 200,
      enlarge: true,
      extend: true,
      extendGravity: { type: 'compass', position: 'north' },
      gravity: { type: 'smart' },
      format: 'jpeg',
      background: '#ff000a',
      stripMetadata: false,
    });
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
      ['crop:100:100', /unknown or unsupported processing option "crop"/],
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
      ['g:no:10:5', /offsets are not supported/],
      ['g:fp:2:0', /maximum of 1/],
      ['ex:1:sm', /extend gravity "sm"/],
      ['q:101', /maximum of 100/],
      ['f:tiff', /output format "tiff" is not supported/],
      ['bg:red', /background must be R:G:B or a hex colour/],
      ['bg:256:0:0', /maximum of 255/],
      ['bl:1000', /maximum/],
      ['pr:a:b', /exactly one preset/],
      ['ar:0', /auto_rotate:false is not supported/],
      ['w:1:2', /takes 1 argument/],
    ];
    for (const [segment, reason] of cases) {
      expect(() => parse(segment), segment).toThrow(reason);
    }
  });
});
