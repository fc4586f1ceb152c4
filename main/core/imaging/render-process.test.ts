import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageError, RenderFailure } from './image-error.js';
import { RenderProcesses, RenderStoppedError, RenderTimeoutError } from './render-process.js';
import { TEST_PIXEL_LIMIT } from '../test-support/render.js';
import { noisePng as noise, specOf } from '../test-support/slow-render.js';

const PIXEL_LIMIT = TEST_PIXEL_LIMIT;

let renders: RenderProcesses | undefined;
afterEach(() => renders?.close());

describe('RenderProcesses', () => {
  it('renders in a child process what render() would, and reuses the process', async () => {
    renders = new RenderProcesses(1);
    const bytes = await noise(64);
    const spec = await specOf(bytes, 32, 'webp');
    const first = await renders.render({ bytes, format: 'png' }, spec, { pixelLimit: PIXEL_LIMIT });
    expect(first).toMatchObject({ width: 32, height: 32 });
    expect((await sharp(first.data).metadata()).format).toBe('webp');
    await renders.render({ bytes, format: 'png' }, spec, { pixelLimit: PIXEL_LIMIT });
    expect(renders.processes).toBe(1);
  });

  it('kills an AVIF encode past its time, which libvips alone does not stop, and goes on', async () => {
    renders = new RenderProcesses(1);
    const bytes = await noise(512);
    const spec = await specOf(bytes, 2048, 'avif', 100);
    const started = Date.now();
    // 3 s: past the pixels (where libvips' own limit would answer first), inside the encode.
    const slow = renders.render({ bytes, format: 'png' }, spec, {
      pixelLimit: PIXEL_LIMIT,
      timeoutSeconds: 3,
    });
    await expect(slow).rejects.toBeInstanceOf(RenderTimeoutError);
    // 3 s, the grace libvips gets, and a loaded machine's slack: not the minute it would take.
    expect(Date.now() - started).toBeLessThan(12_000);
    const small = await specOf(bytes, 16, 'webp');
    const next = await renders.render({ bytes, format: 'png' }, small, { pixelLimit: PIXEL_LIMIT });
    expect(next.width).toBe(16);
    expect(renders.processes).toBe(1);
  }, 30_000);

  it('stops the renders under way and waiting at close, and refuses new ones', async () => {
    renders = new RenderProcesses(1);
    const bytes = await noise(512);
    const spec = await specOf(bytes, 2048, 'avif', 100);
    const slow = renders.render({ bytes, format: 'png' }, spec, { pixelLimit: PIXEL_LIMIT });
    // One process: this one waits for it, and must not wait forever.
    const queued = renders.render({ bytes, format: 'png' }, spec, { pixelLimit: PIXEL_LIMIT });
    await new Promise((resolve) => setTimeout(resolve, 200));
    renders.close();
    await expect(slow).rejects.toBeInstanceOf(RenderStoppedError);
    await expect(queued).rejects.toBeInstanceOf(RenderStoppedError);
    await expect(
      renders.render({ bytes, format: 'png' }, spec, { pixelLimit: PIXEL_LIMIT }),
    ).rejects.toBeInstanceOf(RenderStoppedError);
  }, 30_000);

  it('answers a file it cannot decode with an ImageError in words', async () => {
    renders = new RenderProcesses(1);
    const bytes = await noise(64);
    const spec = await specOf(bytes, 32, 'webp');
    const broken = Buffer.from(bytes.subarray(0, 200));
    const failed = renders.render({ bytes: broken, format: 'png' }, spec, {
      pixelLimit: PIXEL_LIMIT,
    });
    await expect(failed).rejects.toBeInstanceOf(ImageError);
    await expect(failed).rejects.toThrow(/PNG/);
  });

  it('answers a failed render of a sound image with a RenderFailure, not an ImageError', async () => {
    renders = new RenderProcesses(1);
    const bytes = await noise(64);
    const spec = await specOf(bytes, 32, 'webp');
    const outside = { left: 0, top: 0, width: 640, height: 640 };
    const failed = renders.render(
      { bytes, format: 'png' },
      {
        ...spec,
        geometry: {
          turn: { flop: false, rotate: 0 },
          region: outside,
          resize: { width: 8, height: 8 },
        },
      },
      { pixelLimit: PIXEL_LIMIT },
    );
    await expect(failed).rejects.toBeInstanceOf(RenderFailure);
    await expect(failed).rejects.toMatchObject({ code: 'internal' });
  });
});
