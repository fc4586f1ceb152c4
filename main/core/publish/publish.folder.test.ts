import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempName } from '../fs/atomic-write.js';
import { MANIFEST_KEY, type Manifest } from './manifest.js';
import { publish } from './publish.js';
import { resolveTarget } from './target.js';
import { filesUnder } from '../test-support/files.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';

describe('publish to a folder', () => {
  let t: TestLibrary;
  const nfdName = 'sub/Cafe\u0301 a+b.png';
  beforeAll(async () => {
    t = await builtLibrary(['Landscape_3.jpg', ['p3.png', nfdName]]);
  });
  afterAll(() => t.cleanup());

  it('writes every file whole, then nothing the second time, with NFC names', async () => {
    const out = path.join(t.dir, 'out');
    const target = resolveTarget(t.library.db, out);
    const first = await publish(t.library, target);
    expect(first).toMatchObject({ uploaded: 9, failed: 0 });
    const files = await filesUnder(out);
    expect(files).toHaveLength(9);
    expect(files.some((f) => isTempName(path.basename(f)))).toBe(false);
    expect(files).toContain('card/src/sub/Caf\u00e9 a+b@2x.webp');
    const manifest = JSON.parse(await readFile(path.join(out, MANIFEST_KEY), 'utf8')) as Manifest;
    expect(Object.keys(manifest.originals).sort()).toEqual([
      'src/Landscape_3.jpg',
      'src/sub/Caf\u00e9 a+b.png',
    ]);
    for (const o of Object.values(manifest.originals)) {
      for (const v of o.presets.card!) {
        expect((await stat(path.join(out, v.path))).size).toBe(v.bytes);
      }
    }
    expect(await publish(t.library, target)).toMatchObject({ uploaded: 0, unchanged: 9 });

    // A new template renames everything: without --delete the old names stay, with it they go.
    const renamed = resolveTarget(t.library.db, out, {
      template: '{format}/{stem}{@density}.{ext}',
    });
    const kept = await publish(t.library, renamed, { dryRun: true });
    expect(kept).toMatchObject({ uploaded: 9, deleted: 0 });
    expect(kept.strayKeys).toHaveLength(8);
    const moved = await publish(t.library, renamed, { delete: true });
    expect(moved).toMatchObject({ uploaded: 9, deleted: 8, failed: 0 });
    expect(await filesUnder(out)).toEqual([
      'jpeg/Caf\u00e9 a+b.jpg',
      'jpeg/Caf\u00e9 a+b@2x.jpg',
      'jpeg/Landscape_3.jpg',
      'jpeg/Landscape_3@2x.jpg',
      MANIFEST_KEY,
      'webp/Caf\u00e9 a+b.webp',
      'webp/Caf\u00e9 a+b@2x.webp',
      'webp/Landscape_3.webp',
      'webp/Landscape_3@2x.webp',
    ]);
    expect((await readdir(out)).sort()).toEqual(['jpeg', MANIFEST_KEY, 'webp']);
  });

  it('--verify repairs a file changed in place with the same size, and one removed', async () => {
    const out = path.join(t.dir, 'verify');
    const target = resolveTarget(t.library.db, out);
    await publish(t.library, target);
    const changed = path.join(out, 'card/src/Landscape_3.jpg');
    const original = await readFile(changed);
    const tampered = Buffer.from(original);
    tampered[100] = tampered[100]! ^ 0xff;
    await writeFile(changed, tampered);
    await rename(path.join(out, 'card/src/Landscape_3.webp'), path.join(t.dir, 'moved.webp'));
    const report = await publish(t.library, target, { verify: true });
    expect(report.drift).toEqual([
      { key: 'card/src/Landscape_3.jpg', found: 'other bytes' },
      { key: 'card/src/Landscape_3.webp', found: 'missing' },
    ]);
    expect(report).toMatchObject({ uploaded: 2, repaired: 2, failed: 0 });
    expect((await readFile(changed)).equals(original)).toBe(true);
  });
});

describe('names that clash', () => {
  it('refuses two originals publishing under one name, and says how to tell them apart', async () => {
    const t = await builtLibrary(['Landscape_1.jpg', ['p3.png', 'Landscape_1.png']]);
    try {
      const target = resolveTarget(t.library.db, path.join(t.dir, 'out'));
      const report = await publish(t.library, target);
      expect(report).toMatchObject({ uploaded: 5, failed: 4 });
      expect(report.errors[0]!.error).toMatch(
        /src\/Landscape_1.png .* has the same name as src\/Landscape_1.jpg \(card\); add \{format\} or \{hash\}/,
      );
      const hashed = resolveTarget(t.library.db, path.join(t.dir, 'hashed'), {
        template: '{preset}/{dir}/{stem}.{hash}{@density}.{ext}',
      });
      expect(await publish(t.library, hashed)).toMatchObject({ uploaded: 9, failed: 0 });
    } finally {
      await t.cleanup();
    }
  });
});
