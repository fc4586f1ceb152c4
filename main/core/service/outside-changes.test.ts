import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parsePresetFile } from '../../../shared/preset-schema.js';
import { recordUrlRender } from '../catalog/url-renders.js';
import { Library } from '../library/library.js';
import { copyFixtures, makeTempDir } from '../test-support/fixtures.js';
import { OutsideChanges } from './outside-changes.js';
import { ThumbdeskService } from './service.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let libraryDir: string;
/** This process's connection, as the window's service holds it. */
let window: Library;
/** A second connection to the same catalog: what `thumbdesk` in a terminal writes through. */
let terminal: Library;

beforeAll(async () => {
  tmp = await makeTempDir();
  await copyFixtures(path.join(tmp.dir, 'photos'), ['Landscape_1.jpg', 'p3.png']);
  libraryDir = path.join(tmp.dir, 'library');
  window = Library.open(libraryDir, { concurrency: 1 });
  terminal = Library.open(libraryDir, { concurrency: 1 });
});

afterAll(async () => {
  window.close();
  terminal.close();
  await tmp.cleanup();
});

describe('changes written by another process', () => {
  it('are announced by the parts they touched, and nothing when there were none', async () => {
    const announced: string[][] = [];
    const outside = new OutsideChanges(window.db, (what) => announced.push(what));
    outside.start(60_000); // ticks by hand below
    try {
      outside.check();
      expect(announced).toEqual([]);

      await terminal.addSource(path.join(tmp.dir, 'photos'));
      outside.check();
      expect(announced.pop()).toEqual(['sources', 'originals']);

      terminal.importPresets(
        parsePresetFile({ presets: [{ name: 'card', width: 64, formats: ['webp'] }] }),
      );
      outside.check();
      expect(announced.pop()).toEqual(['presets', 'derivatives']);

      await terminal.generate();
      outside.check();
      expect(announced.pop()).toEqual(['derivatives']);

      // The URL API's results are not shown by the window: a write of them alone says nothing.
      const [original] = terminal.list();
      recordUrlRender(terminal.db, {
        key: 'k'.repeat(32),
        originalId: original!.id,
        contentHash: original!.hash!,
        spec: '{}',
        encoded: 'webp',
        width: 1,
        height: 1,
        bytes: 1,
        file: 'kk/none.webp',
      });
      outside.check();
      expect(announced).toEqual([]);

      // This connection's own writes move no data_version: they are the caller's to announce.
      window.setFocalPoint(original!.id, 0.2, 0.3);
      outside.check();
      expect(announced).toEqual([]);
    } finally {
      outside.stop();
    }
  });

  it('reach the window through the service on their own, within a second', async () => {
    // The service's own clock, at its default tick, moved by hand: one second is one second
    // however loaded the machine is.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const service = new ThumbdeskService(window);
    const changes: string[][] = [];
    const stop = service.on('catalogChanged', (change) => changes.push(change.what));
    try {
      terminal.savePreset({ name: 'poster', width: 32, formats: ['webp'] });
      expect(changes).toEqual([]);
      vi.advanceTimersByTime(1000);
      expect(changes.some((what) => what.includes('presets'))).toBe(true);
    } finally {
      stop();
      vi.useRealTimers();
      await service.shutdown();
    }
  });
});
