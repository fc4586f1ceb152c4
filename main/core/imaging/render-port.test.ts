import { MessageChannel } from 'node:worker_threads';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ImageError } from './image-error.js';
import { PortRenderer, serveRenders } from './render-port.js';
import {
  RenderBusyError,
  RenderProcesses,
  RenderStoppedError,
  RenderTimeoutError,
} from './render-process.js';
import { TEST_PIXEL_LIMIT } from '../test-support/render.js';
import { noisePng as noise, specOf } from '../test-support/slow-render.js';

const PIXEL_LIMIT = TEST_PIXEL_LIMIT;

let host: RenderProcesses | undefined;
let worker: PortRenderer | undefined;
afterEach(() => {
  worker?.close();
  host?.close();
});

/** A host's processes serving a worker's PortRenderer, over one channel as startServiceWorker sets up. */
function connect(): PortRenderer {
  const channel = new MessageChannel();
  host = new RenderProcesses(1);
  serveRenders(channel.port1, host);
  worker = new PortRenderer(channel.port2);
  return worker;
}

describe('PortRenderer and serveRenders', () => {
  it("render on the host's processes and answer the bytes", async () => {
    const renderer = connect();
    const bytes = await noise(64);
    const out = await renderer.render({ bytes, format: 'png' }, await specOf(bytes, 32, 'webp'), {
      pixelLimit: PIXEL_LIMIT,
    });
    expect(out).toMatchObject({ width: 32, height: 32 });
    expect(Buffer.isBuffer(out.data)).toBe(true);
    expect((await sharp(out.data).metadata()).format).toBe('webp');
  });

  it('carry the error classes across: a timeout (the process killed), a decoding failure', async () => {
    const renderer = connect();
    const bytes = await noise(512);
    // A process already running: starting one (seconds on a loaded machine) is not the render's time.
    await renderer.render({ bytes, format: 'png' }, await specOf(bytes, 16, 'webp'), {
      pixelLimit: PIXEL_LIMIT,
    });
    const spec = await specOf(bytes, 2048, 'avif', 100);
    const started = Date.now();
    const slow = renderer.render({ bytes, format: 'png' }, spec, {
      pixelLimit: PIXEL_LIMIT,
      timeoutSeconds: 2,
    });
    await expect(slow).rejects.toBeInstanceOf(RenderTimeoutError);
    await expect(slow).rejects.toMatchObject({ seconds: 2 });
    expect(Date.now() - started).toBeLessThan(10_000);
    const broken = Buffer.from(bytes.subarray(0, 200));
    const failed = renderer.render(
      { bytes: broken, format: 'png' },
      await specOf(bytes, 32, 'webp'),
      {
        pixelLimit: PIXEL_LIMIT,
      },
    );
    await expect(failed).rejects.toBeInstanceOf(ImageError);
  }, 60_000);

  it('fail the renders still asked when the worker side closes', async () => {
    const renderer = connect();
    const bytes = await noise(512);
    const slow = renderer.render({ bytes, format: 'png' }, await specOf(bytes, 2048, 'avif', 100), {
      pixelLimit: PIXEL_LIMIT,
    });
    renderer.close();
    await expect(slow).rejects.toBeInstanceOf(RenderStoppedError);
  });

  it('refuse at once a render past the bound of unanswered ones', async () => {
    // A host that never answers: every render asked stays pending.
    const channel = new MessageChannel();
    const renderer = new PortRenderer(channel.port2, 2);
    worker = renderer;
    const bytes = await noise(16);
    const spec = await specOf(bytes, 8, 'webp');
    const asked = [1, 2].map(() =>
      renderer.render({ bytes, format: 'png' }, spec, { pixelLimit: PIXEL_LIMIT }),
    );
    const third = renderer.render({ bytes, format: 'png' }, spec, { pixelLimit: PIXEL_LIMIT });
    await expect(third).rejects.toBeInstanceOf(RenderBusyError);
    await expect(third).rejects.toThrow('2 renders are waiting already');
    renderer.close();
    for (const pending of asked) await expect(pending).rejects.toBeInstanceOf(RenderStoppedError);
    channel.port1.close();
  });
});
