import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../test-support/fixtures.js';
import { publish } from './publish.js';
import { resolveTarget } from './target.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';
import { MemoryStore } from './test-support/memory-store.js';

// Per original: four derivatives.
const DERIVATIVES = 4;

describe('publish with build', () => {
  let t: TestLibrary;
  beforeAll(async () => {
    t = await builtLibrary(['Landscape_1.jpg']);
  });
  afterAll(() => t.cleanup());

  it('renders what waits before it publishes, only when asked and not in a dry run', async () => {
    // A new original, scanned but not built: its four derivatives wait.
    await copyFile(fixture('Landscape_2.jpg'), path.join(t.source, 'Landscape_2.jpg'));
    await t.library.scan();
    const target = resolveTarget(t.library.db, path.join(t.dir, 'out'));
    const waiting = { waiting: DERIVATIVES, uploaded: DERIVATIVES + 1, failed: 0 };

    // A dry run says what would go and builds nothing, even when asked to.
    const dry = await publish(t.library, target, { dryRun: true, build: true });
    expect(dry).toMatchObject(waiting);
    // A publish not asked to build leaves the new original waiting.
    expect(await publish(t.library, target, { store: new MemoryStore() })).toMatchObject(waiting);
    // Asked to build while already cancelled: the build is cancelled too, nothing is built.
    const controller = new AbortController();
    controller.abort();
    const cancelled = await publish(t.library, target, {
      store: new MemoryStore(),
      build: true,
      signal: controller.signal,
    });
    expect(cancelled).toMatchObject({ cancelled: true, waiting: DERIVATIVES });

    // The first original went up without a build: now the new one follows, and the manifest.
    const store = new MemoryStore();
    const built = await publish(t.library, target, { store, build: true });
    expect(built).toMatchObject({ waiting: 0, uploaded: DERIVATIVES + 1, failed: 0 });
    expect(built.uploadKeys.filter((k) => k.includes('Landscape_2'))).toHaveLength(DERIVATIVES);
  });
});
