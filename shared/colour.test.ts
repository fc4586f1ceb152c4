import { describe, expect, it } from 'vitest';
import { channelsColour, hexColour, isColour } from './colour.js';

describe('colours', () => {
  it('reads hex digits as lower-case #rrggbb or #rrggbbaa', () => {
    expect(hexColour('AbC')).toBe('#aabbcc');
    expect(hexColour('abcd')).toBe('#aabbccdd');
    expect(hexColour('ff000a')).toBe('#ff000a');
    expect(hexColour('ff000a80')).toBe('#ff000a80');
    for (const bad of ['', 'ab', 'abcde', 'abcdefa', 'abcdefabc', 'ggg', '#abc', ' abc']) {
      expect(hexColour(bad), bad).toBeUndefined();
    }
  });

  it("reads imgproxy's R:G:B channels, 0 to 255 in plain decimal", () => {
    expect(channelsColour(['255', '0', '10'])).toBe('#ff000a');
    for (const bad of [
      ['256', '0', '0'],
      ['1', '2'],
      ['-1', '0', '0'],
      ['01', '0', '0'],
      ['1e2', '0', '0'],
      ['', '0', '0'],
      ['1', '2', '3', '4'],
    ]) {
      expect(channelsColour(bad), bad.join(':')).toBeUndefined();
    }
  });

  it('accepts the colours a preset may name, and nothing shaped like one', () => {
    for (const good of [
      '#fff',
      '#FFFF',
      '#a0b1c2',
      '#a0b1c2d3',
      'white',
      'RebeccaPurple',
      'rgb(0, 128, 255)',
      'rgb(0,0,0)',
      'rgba(1, 2, 3, 0.5)',
      'rgba(1,2,3,1)',
    ]) {
      expect(isColour(good), good).toBe(true);
    }
    const bad = [
      'zzzz',
      'rgb(1,2)',
      'rgb(1,2,300)',
      'rgba(1,2,3,2)',
      'rgb(1,2,3,4)',
      'hsl(0, 0%, 100%)',
      'url(x)',
      '#ggg',
      '#',
      'red blue',
      'toString',
      '__proto__',
      'constructor',
      '',
    ];
    for (const text of bad) expect(isColour(text), text).toBe(false);
  });
});
