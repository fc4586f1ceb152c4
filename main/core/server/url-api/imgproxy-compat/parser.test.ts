/**
 * imgproxy's option parser tests replayed on this parser: each path is split as the server
 * splits it (signature, re-denormalised path, options, source) and its options parsed.
 */
import { describe, expect, it } from 'vitest';
import { parseProcessingOptions } from '../processing-options.js';
import { parseUrlPresets } from '../url-presets.js';
import { parseSignedPath, splitSignature } from '../url-path.js';
import { PARSER_CASES, PRESET_CASES } from './parser-cases.js';

const MAX_SIZE = 8192;

function parsePath(path: string, presets: string[] = []) {
  const split = splitSignature(`/unsafe${path}`)!;
  const parsed = parseSignedPath(split.signedPath);
  const options = parseProcessingOptions(parsed.options, {
    maxSize: MAX_SIZE,
    presets: parseUrlPresets(presets, MAX_SIZE),
  });
  return { parsed, options };
}

describe("imgproxy's processing option parser tests (processing_options_test.go)", () => {
  it.each(PARSER_CASES.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    if (c.error) {
      expect(() => parsePath(c.path, c.presets)).toThrow(c.error);
      return;
    }
    const { parsed, options } = parsePath(c.path, c.presets);
    expect(parsed.source).toEqual({ sourceName: 'imgproxy', relPath: 'geometry.png' });
    if (c.extension !== undefined) expect(parsed.extension ?? null).toBe(c.extension);
    const { given, ...fields } = options;
    expect(given.size).toBeGreaterThan(0);
    expect(fields).toMatchObject(c.expect ?? {});
    for (const [key, value] of Object.entries(c.expect ?? {})) {
      if (value === undefined) expect(fields, key).not.toHaveProperty(key, expect.anything());
    }
  });

  it('TestParsePathPreset: blur 0.2 from the preset is read (sharp raises it to its 0.3 minimum)', () => {
    const { options } = parsePath('/preset:test2/plain/local:///imgproxy/geometry.png', [
      'test2=blur:0.2/quality:50',
    ]);
    expect(options.blur).toBe(0.3);
  });

  it('TestParseSkipProcessing / TestParseSkipProcessingInvalid', () => {
    const path = '/skp:jpg:png/plain/local:///imgproxy/geometry.png';
    expect(parsePath(path).options.skipProcessing).toEqual(['jpeg', 'png']);
    expect(() => parsePath('/skp:jpg:png:bad_format/plain/local:///imgproxy/geometry.png')).toThrow(
      'Invalid image format in skip_processing: bad_format',
    );
  });

  it('TestParseExpires / TestParseExpiresExpired: a future expiry parses, a past one is refused', () => {
    expect(
      parsePath('/exp:32503669200/plain/local:///imgproxy/geometry.png').options,
    ).toMatchObject({
      expires: 32503669200,
    });
    expect(() => parsePath('/exp:1609448400/plain/local:///imgproxy/geometry.png')).toThrow(
      /expired/,
    );
  });
});

describe("imgproxy's preset tests (presets_test.go)", () => {
  it.each(PRESET_CASES.map((c) => [c.test, c] as const))('%s', (_name, c) => {
    if (c.error) {
      expect(() => parseUrlPresets([c.entry], MAX_SIZE)).toThrow(c.error);
    } else {
      expect(parseUrlPresets([c.entry], MAX_SIZE).get('test')).toEqual(c.options);
    }
  });

  it('TestParsePresetEmptyString / TestParsePresetComment: nothing is read from blanks and comments', () => {
    expect(parseUrlPresets(['   ', '#  test=resize:fit:100:200/sharpen:2'], MAX_SIZE).size).toBe(0);
  });
});
