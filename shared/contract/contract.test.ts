import { describe, expect, it } from 'vitest';
import { channelOf, EVENT_NAMES, OPERATION_NAMES } from './channels.js';
import { MAX_ERROR_MESSAGE, MAX_ISSUES, ThumbdeskError } from './errors.js';
import { parseOrThrow } from './parse-or-throw.js';
import { mediaPath, parseMediaPath } from './media.js';
import { operations } from './operations.js';

describe('media paths', () => {
  it('round-trips the three shapes', () => {
    for (const ref of [
      { kind: 'original', id: 12 },
      { kind: 'thumb', id: 7 },
      { kind: 'derivative', file: 'ab/ab0123456789abcdef0123456789abcd.webp' },
    ] as const) {
      expect(parseMediaPath(mediaPath(ref))).toEqual(ref);
    }
    expect(parseMediaPath('thumb/7?v=abc')).toEqual({ kind: 'thumb', id: 7 });
  });

  it('refuses anything else, traversal first', () => {
    for (const bad of [
      'derivative/../catalog.sqlite',
      'derivative/ab/../../catalog.sqlite',
      'derivative/%2e%2e/x.jpg',
      'original/../1',
      'original/0',
      'original/1/2',
      '/etc/passwd',
      'derivative/ab/abcdef012345.exe',
      '',
    ]) {
      expect(parseMediaPath(bad), bad).toBeNull();
    }
  });
});

describe('operations', () => {
  it('has a schema pair and a channel for every name', () => {
    expect(Object.keys(operations).sort()).toEqual([...OPERATION_NAMES].sort());
    const channels = [...OPERATION_NAMES, ...EVENT_NAMES].map(channelOf);
    expect(new Set(channels).size).toBe(channels.length);
  });

  it('names the field at fault', () => {
    let caught: unknown;
    try {
      parseOrThrow(operations.savePreset.input, { preset: { name: 'x', width: 0 } }, 'savePreset');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ThumbdeskError);
    expect((caught as ThumbdeskError).code).toBe('invalid-input');
    expect((caught as ThumbdeskError).issues.map((i) => i.path)).toContain('preset.width');
  });

  it('bounds an error whatever the input: issues listed, their text, the message', () => {
    const ids = Array.from({ length: 20_000 }, () => 'x');
    const unknownKey = 'k'.repeat(100_000);
    for (const input of [
      { ids, excluded: true },
      { ids: [1], excluded: true, [unknownKey]: 1 },
    ]) {
      let caught: ThumbdeskError | undefined;
      try {
        parseOrThrow(operations.setExcluded.input, input, 'setExcluded');
      } catch (error) {
        caught = error as ThumbdeskError;
      }
      expect(caught?.code).toBe('invalid-input');
      expect(caught!.issues.length).toBeLessThanOrEqual(MAX_ISSUES);
      expect(JSON.stringify(caught!.toBody()).length).toBeLessThan(10_000);
      expect(caught!.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE);
    }
    expect(() => parseOrThrow(operations.setExcluded.input, { ids, excluded: true }, 'x')).toThrow(
      /and 19980 more$/,
    );
  });

  it('fills in defaults for paging', () => {
    expect(operations.listOriginals.input.parse({})).toMatchObject({ offset: 0, limit: 200 });
    expect(() => operations.listOriginals.input.parse({ limit: 100_000 })).toThrow();
  });

  it('refuses upload names that climb or are absolute', () => {
    const data = new Uint8Array([1]);
    const parse = (name: string) =>
      operations.uploadFiles.input.safeParse({ files: [{ name, data }] }).success;
    expect(parse('trip/day 1/a.jpg')).toBe(true);
    expect(parse('..catalog.sqlite')).toBe(true);
    expect(parse(`trip/${'é'.repeat(125)}.jpg`)).toBe(true); // 254 bytes
    expect(parse(`trip/${'é'.repeat(126)}.jpg`)).toBe(false); // 256 bytes
    for (const bad of ['../a.jpg', 'a/../../b.jpg', '/etc/a.jpg', 'a\\b.jpg', 'a//b.jpg', '.']) {
      expect(parse(bad), bad).toBe(false);
    }
  });

  it('takes a typed secret only in its own field, whole', () => {
    const parse = (input: object) =>
      operations.addTarget.input.safeParse({ name: 'site', destination: 's3://b-1/img', ...input })
        .success;
    expect(parse({ secret: { accessKeyId: 'AKIA', secretAccessKey: 's' } })).toBe(true);
    expect(parse({ secret: { accessKeyId: 'AKIA' } })).toBe(false);
    // Strict: a secret pasted into an unknown field is refused, not dropped into the catalog.
    expect(parse({ secretAccessKey: 's' })).toBe(false);
    expect(parse({ name: 'Site!' })).toBe(false);
    expect(parse({ endpoint: 'not a url' })).toBe(false);
  });

  it('excludes or includes at least one original, by id', () => {
    const parse = (input: object) => operations.setExcluded.input.safeParse(input).success;
    expect(parse({ ids: [1, 2], excluded: true })).toBe(true);
    expect(parse({ ids: [], excluded: true })).toBe(false);
    expect(parse({ ids: [0], excluded: false })).toBe(false);
    expect(parse({ ids: [1] })).toBe(false);
    expect(parse({ ids: [1], excluded: true, path: 'photos/a.jpg' })).toBe(false);
  });

  it('refuses a preset file naming a preset twice', () => {
    const file = {
      presets: [
        { name: 'a', width: 10 },
        { name: 'a', width: 20 },
      ],
    };
    expect(operations.importPresets.input.safeParse({ file }).success).toBe(false);
  });
});
