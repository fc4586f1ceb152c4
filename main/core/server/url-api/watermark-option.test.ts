import { describe, expect, it } from 'vitest';
import { parseProcessingOptions } from './processing-options.js';
import type { RawOption } from './url-path.js';

const parse = (...raw: RawOption[]) => parseProcessingOptions(raw, { maxSize: 8192 });

describe('watermark (wm): imgproxy TestParsePathWatermark and its values', () => {
  it('reads opacity, position, offsets and scale, as imgproxy does', () => {
    expect(parse({ name: 'wm', args: ['0.5', 'soea', '10', '20', '0.6'] }).watermark).toEqual({
      opacity: 0.5,
      position: 'southeast',
      x: 10,
      y: 20,
      scale: 0.6,
    });
    expect(parse({ name: 'watermark', args: ['1', 're'] }).watermark).toEqual({
      opacity: 1,
      position: 'replicate',
      x: 0,
      y: 0,
      scale: 0,
    });
    // Empty arguments keep what an earlier watermark option set.
    const later = parse(
      { name: 'wm', args: ['1', 'no', '-5', '0.25'] },
      { name: 'wm', args: ['0.3'] },
    ).watermark;
    expect(later).toEqual({ opacity: 0.3, position: 'north', x: -5, y: 0.25, scale: 0 });
  });

  it('refuses malformed values with the reason, and own positions only', () => {
    for (const [args, reason] of [
      [['2'], /watermark opacity 2 is beyond the maximum of 1/],
      [['x'], /watermark opacity must be a number/],
      [
        ['1', 'sm'],
        /watermark position "sm" is not one of ce, no, so, ea, we, noea, nowe, soea, sowe, re/,
      ],
      [['1', 'toString'], /watermark position "toString" is not one of/],
      [['1', 'ce', 'a'], /watermark x offset must be a number/],
      [['1', 'ce', '0', '0', '0'], /watermark scale must be above 0/],
      [['1', 'ce', '0', '0', '1.5'], /watermark scale 1.5 is beyond the maximum of 1/],
      [['1', 'ce', '0', '0', '0.5', '10'], /watermark takes 1 to 5 argument/],
    ] as const) {
      expect(() => parse({ name: 'wm', args: [...args] }), args.join(':')).toThrow(reason);
    }
  });
});
