import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { parsePreset } from '../../../shared/preset.js';
import { originalByPath, type OriginalRow } from '../catalog/originals.js';
import { tempLibrary, type TempLibrary } from '../test-support/library.js';
import { PREVIEW_LIMITS, renderPreview } from './preview.js';

let t: TempLibrary;
let row: OriginalRow;
let bytes: Buffer;
const limits = { pixelLimit: 100e6, ...PREVIEW_LIMITS };

beforeAll(async () => {
  t = await tempLibrary([['photo-2725x2225.jpg', 'big.jpg']]);
  const { source } = await t.library.addSource(t.sourceDir);
  row = originalByPath(t.library.db, source.id, 'big.jpg')!;
  bytes = await readFile(path.join(t.sourceDir, 'big.jpg'));
});
afterAll(() => t?.cleanup());

describe('renderPreview', () => {
  it("refuses, before decoding anything, a preview past the URL API's size cap", async () => {
    // 2400 at density 4 is 9600 px: past 8192, as an 8192² PNG at density 4 once ran 87 s.
    const preset = parsePreset({ name: 'huge', width: 2400, enlarge: true, formats: ['png'] });
    const refused = await renderPreview(row, bytes, preset, 4, limits).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ThumbdeskError);
    expect((refused as ThumbdeskError).code).toBe('invalid-input');
    expect((refused as ThumbdeskError).message).toMatch(/9600 px; at most 8192 px per side/);
  });

  it('gives up on a render past its time, in words', async () => {
    // An 8192-wide PNG enlargement: seconds of work, past a one-second limit.
    const preset = parsePreset({ name: 'slow', width: 8192, enlarge: true, formats: ['png'] });
    const started = Date.now();
    const refused = await renderPreview(row, bytes, preset, 1, {
      ...limits,
      timeoutSeconds: 1,
    }).catch((e: unknown) => e);
    expect((refused as ThumbdeskError).code).toBe('refused');
    expect((refused as ThumbdeskError).message).toBe('the png preview took longer than 1 s');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('renders what fits', async () => {
    const preset = parsePreset({ name: 'card', width: 200, formats: ['webp'] });
    const { outputs } = await renderPreview(row, bytes, preset, 2, limits);
    expect(outputs.map((o) => [o.format, o.width])).toEqual([['webp', 400]]);
  });
});
