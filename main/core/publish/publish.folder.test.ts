import { chmod, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicationsAt } from '../catalog/publications.js';
import { isTempName } from '../fs/atomic-write.js';
import { Library } from '../library/library.js';
import { MANIFEST_KEY, type Manifest } from './manifest.js';
import { publish } from './publish.js';
import { resolveTarget } from './target.js';
import { ensureBuilt, spawnCli } from '../test-support/cli.js';
import { filesUnder } from '../test-support/files.js';
import { builtLibrary, type TestLibrary } from './test-support/library.js';

describe('publish to a folder', () => {
  let t: TestLibrary;
  const nfdName = 'sub/Cafe\u0301 a+b.png';
  beforeAll(async () => {
    ensureBuilt();
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

  it('a read-only folder fails with a clear message, no partial file and no record', async () => {
    const out = path.join(t.dir, 'readonly');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(out);
    await chmod(out, 0o555);
    // Root writes anywhere: the publish runs as "nobody" then, in a library it may write.
    const uid = process.getuid?.() === 0 ? 65534 : undefined;
    const libDir = t.library.dir;
    t.library.close();
    if (uid !== undefined) {
      await chmod(t.dir, 0o755);
      for (const entry of ['', ...(await readdir(libDir, { recursive: true }))]) {
        await chmod(path.join(libDir, entry), 0o777);
      }
    }
    const { code, stdout, stderr } = await spawnCli(
      ['--library', libDir, 'publish', out, '--json'],
      {
        uid,
      },
    ).done;
    t.library = Library.open(libDir);
    expect(stderr).toBe('');
    expect(code).toBe(2);
    const result = JSON.parse(stdout) as { failed: number; errors: { error: string }[] };
    expect(result.failed).toBe(9);
    expect(result.errors[0]!.error).toMatch(
      new RegExp(`cannot write ${out}/.*: permission denied \\(EACCES\\)`),
    );
    expect(await readdir(out, { recursive: true })).toEqual([]);
    expect(publicationsAt(t.library.db, resolveTarget(t.library.db, out).location).size).toBe(0);
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

describe('the CLI', () => {
  it('saves targets, publishes by name, and says when there is nothing to upload', async () => {
    const t = await builtLibrary(['Landscape_5.jpg']);
    const lib = t.library.dir;
    t.library.close();
    try {
      const bad = await spawnCli([
        '--library',
        lib,
        'targets',
        'add',
        'x',
        'out',
        '--template',
        '../{stem}.{ext}',
      ]).done;
      expect(bad.code).toBe(1);
      expect(bad.stderr.trim()).toBe(
        'thumbdesk: cannot use template "../{stem}.{ext}": its keys are unsafe: it has a ".." segment',
      );
      const out = path.join(t.dir, 'site');
      const added = await spawnCli(['--library', lib, 'targets', 'add', 'site', out]).done;
      expect(added.code).toBe(0);
      const list = await spawnCli(['--library', lib, 'targets', 'list', '--json']).done;
      expect(JSON.parse(list.stdout)).toMatchObject([{ name: 'site', location: out }]);
      const first = await spawnCli(['--library', lib, 'publish', 'site', '--json']).done;
      expect(JSON.parse(first.stdout)).toMatchObject({
        uploaded: 5,
        unchanged: 0,
        deleted: 0,
        failed: 0,
        bytes: expect.any(Number),
      });
      const second = await spawnCli(['--library', lib, 'publish', 'site']).done;
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('up to date, nothing to upload (5 unchanged)');
      const removed = await spawnCli(['--library', lib, 'targets', 'rm', 'site']).done;
      expect(removed.code).toBe(0);
      const missing = await spawnCli(['--library', lib, 'publish', 'site']).done;
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('no target named "site"');
    } finally {
      t.library = Library.open(lib);
      await t.cleanup();
    }
  });
});
