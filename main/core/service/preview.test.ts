import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { parsePreset } from '../../../shared/preset-schema.js';
import { originalByPath, type OriginalRow } from '../catalog/originals.js';
import { forkRenderChild, RenderBusyError, RenderProcesses } from '../imaging/render-process.js';
import { isProcessAlive } from '../jobs/process-alive.js';
import { tempLibrary, type TempLibrary } from '../test-support/library.js';
import { until } from '../test-support/poll.js';
import { noisePng, SLOW_AVIF_PREVIEW } from '../test-support/slow-render.js';
import { PREVIEW_LIMITS, renderPreview } from './preview.js';

let t: TempLibrary;
let row: OriginalRow;
let bytes: Buffer;
/** Noise compresses badly: its AVIF encode at 2048² takes a minute, after pixels made in a blink. */
let noiseRow: OriginalRow;
let noiseBytes: Buffer;
const limits = { pixelLimit: 100e6, ...PREVIEW_LIMITS };

beforeAll(async () => {
  t = await tempLibrary([['photo-2725x2225.jpg', 'big.jpg']]);
  noiseBytes = await noisePng(512);
  await writeFile(path.join(t.sourceDir, 'noise.png'), noiseBytes);
  const { source } = await t.library.addSource(t.sourceDir);
  row = originalByPath(t.library.db, source.id, 'big.jpg')!;
  bytes = await readFile(path.join(t.sourceDir, 'big.jpg'));
  noiseRow = originalByPath(t.library.db, source.id, 'noise.png')!;
});
afterAll(() => t?.cleanup());

/** The render processes started, by id: a killed one must be gone. */
const pids: number[] = [];
const renders = new RenderProcesses(1, () => {
  const child = forkRenderChild();
  pids.push(child.pid!);
  return child;
});
afterAll(() => renders.close());

/** A process already running: starting one (seconds on a loaded machine) is not a render's time. */
async function warm(): Promise<void> {
  const small = parsePreset({ name: 'small', width: 16, formats: ['webp'] });
  await renderPreview(noiseRow, noiseBytes, small, 1, limits, renders);
}

describe('renderPreview', () => {
  it("refuses, before decoding anything, a preview past the URL API's size cap", async () => {
    // 2400 at density 4 is 9600 px: past 8192, as an 8192² PNG at density 4 once ran 87 s.
    const preset = parsePreset({ name: 'huge', width: 2400, enlarge: true, formats: ['png'] });
    const refused = await renderPreview(row, bytes, preset, 4, limits, renders).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(ThumbdeskError);
    expect((refused as ThumbdeskError).code).toBe('invalid-input');
    expect((refused as ThumbdeskError).message).toMatch(/9600 px; at most 8192 px per side/);
  });

  it('gives up on a render past its time, in words', async () => {
    // An 8192-wide PNG enlargement: seconds of work, past a one-second limit.
    const preset = parsePreset({ name: 'slow', width: 8192, enlarge: true, formats: ['png'] });
    await warm();
    const started = Date.now();
    const refused = await renderPreview(
      row,
      bytes,
      preset,
      1,
      { ...limits, timeoutSeconds: 1 },
      renders,
    ).catch((e: unknown) => e);
    expect((refused as ThumbdeskError).code).toBe('refused');
    expect((refused as ThumbdeskError).message).toBe('the png preview took longer than 1 s');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('kills an AVIF preview past its time (libvips cannot stop its encode) and its process is gone', async () => {
    const preset = parsePreset(SLOW_AVIF_PREVIEW.preset);
    await warm();
    const started = Date.now();
    const refused = await renderPreview(
      noiseRow,
      noiseBytes,
      preset,
      SLOW_AVIF_PREVIEW.density,
      { ...limits, timeoutSeconds: 2 },
      renders,
    ).catch((e: unknown) => e);
    // 2 s, the second of grace libvips gets, and a loaded machine's slack.
    expect(Date.now() - started).toBeLessThan(8_000);
    expect((refused as ThumbdeskError).code).toBe('refused');
    expect((refused as ThumbdeskError).message).toBe('the avif preview took longer than 2 s');
    expect(pids.length).toBeGreaterThan(0);
    await until('the killed process to be gone', () => !isProcessAlive(pids.at(-1)!));
    expect(renders.processes).toBe(0);
  }, 30_000);

  it('answers a renderer with too many previews waiting with a refusal in words', async () => {
    const busy = { render: () => Promise.reject(new RenderBusyError(8)), close: () => undefined };
    const preset = parsePreset({ name: 'card', width: 200, formats: ['webp'] });
    const refused = await renderPreview(row, bytes, preset, 1, limits, busy).catch((e) => e);
    expect((refused as ThumbdeskError).code).toBe('refused');
    expect((refused as ThumbdeskError).message).toBe(
      '8 previews are being made already; try again once they are shown',
    );
  });

  it('renders what fits', async () => {
    const preset = parsePreset({ name: 'card', width: 200, formats: ['webp'] });
    const { outputs } = await renderPreview(row, bytes, preset, 2, limits, renders);
    expect(outputs.map((o) => [o.format, o.width])).toEqual([['webp', 400]]);
  });
});
