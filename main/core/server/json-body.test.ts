import { describe, expect, it } from 'vitest';
import { jsonDepth, MAX_JSON_DEPTH, parseJsonBody } from './json-body.js';

const bytes = (text: string) => Buffer.from(text);

describe('JSON bodies', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepth(bytes('{"a":[1,[2]]}'), 64)).toBe(3);
    expect(jsonDepth(bytes('"[[[[" '), 64)).toBe(0);
    expect(jsonDepth(bytes('{"a\\"[[[":"\\\\"}'), 64)).toBe(1);
    expect(jsonDepth(bytes('[{}, {}, [[]]]'), 64)).toBe(3);
  });

  it('parses a body up to the limit and refuses one nested deeper, before parsing', () => {
    const nested = (depth: number) => bytes('['.repeat(depth) + ']'.repeat(depth));
    expect(parseJsonBody(nested(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => parseJsonBody(nested(MAX_JSON_DEPTH + 1))).toThrow(/nests deeper than 64/);
    // Deep enough to exhaust the stack in JSON.parse: refused by the count, quickly.
    const started = performance.now();
    expect(() => parseJsonBody(nested(200_000))).toThrow(/nests deeper than 64/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses text that is not JSON with an invalid-input error', () => {
    expect(() => parseJsonBody(bytes('{'))).toThrow(
      expect.objectContaining({ code: 'invalid-input', message: 'the body is not JSON' }),
    );
  });
});
