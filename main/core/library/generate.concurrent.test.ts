/**
 * generate starts every render of an original's shared decode at once (libvips runs them side
 * by side), and still records each slot's own outcome. The renderer is the real one, wrapped
 * to be slow or to fail on demand.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parsePresetFile } from '../../../shared/preset-schema.js';
import { rendererFor, type OriginalRenderer } from '../imaging/decode-once.js';
import { tempLibrary, type TempLibrary } from '../test-support/library.js';

vi.mock('../imaging/decode-once.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../imaging/decode-once.js')>();
  return { ...actual, rendererFor: vi.fn(actual.rendererFor) };
});

const realRendererFor = (
  await vi.importActual<typeof import('../imaging/decode-once.js')>('../imaging/decode-once.js')
).rendererFor;

/** rendererFor, with each render of a shared decode passed through `wrap`. */
function wrapRenders(
  wrap: (
    render: () => ReturnType<OriginalRenderer['render']>,
  ) => ReturnType<OriginalRenderer['render']>,
) {
  vi.mocked(rendererFor).mockImplementation(async (...args) => {
    const renderer = await realRendererFor(...args);
    return { ...renderer, render: (spec) => wrap(() => renderer.render(spec)) };
  });
}

let t: TempLibrary;

beforeEach(async () => {
  t = await tempLibrary(['Landscape_1.jpg', 'Portrait_1.jpg']);
  await t.library.addSource(t.sourceDir);
  t.library.importPresets(
    parsePresetFile({ presets: [{ name: 'sizes', width: 120, formats: ['jpeg', 'webp'] }] }),
  );
});

afterEach(async () => {
  vi.mocked(rendererFor).mockReset();
  await t.cleanup();
});

describe('generate, renders of one decode', () => {
  it('starts them together: the second begins before the first has finished', async () => {
    const events: string[] = [];
    let renders = 0;
    wrapRenders(async (render) => {
      const id = (renders += 1);
      events.push(`start ${id}`);
      await sleep(50);
      const output = await render();
      events.push(`end ${id}`);
      return output;
    });
    const report = await t.library.generate({ concurrency: 1 });
    expect(report).toMatchObject({ total: 4, built: 4, failed: 0 });
    expect(events.slice(0, 2)).toEqual(['start 1', 'start 2']);
    expect(events.slice(4, 6)).toEqual(['start 3', 'start 4']);
  });

  it('records a render that fails while an earlier one is awaited, and leaves it handled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      // Of each original's two renders, the first is real (awaited first, and written); the
      // second fails 5 ms in, while the first is still being made.
      let renders = 0;
      wrapRenders(async (render) => {
        if ((renders += 1) % 2 === 1) return render();
        await sleep(5);
        throw new Error('the encoder broke');
      });
      const report = await t.library.generate({ concurrency: 1 });
      await sleep(20); // unhandled rejections are reported once the microtasks run out
      expect(report).toMatchObject({ total: 4, built: 2, failed: 2 });
      expect(t.library.errors().map((e) => e.error)).toEqual([
        'the encoder broke',
        'the encoder broke',
      ]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
