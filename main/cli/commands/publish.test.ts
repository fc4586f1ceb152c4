/**
 * `thumbdesk publish` and `thumbdesk targets` as a user runs them (the built CLI); the publish
 * engine itself is tested in-process beside it (main/core/publish/).
 */
import { chmod, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { publicationsAt } from '../../core/catalog/publications.js';
import { Library } from '../../core/library/library.js';
import { resolveTarget } from '../../core/publish/target.js';
import { builtLibrary } from '../../core/publish/test-support/library.js';
import { ensureBuilt, spawnCli } from '../../core/test-support/cli.js';

beforeAll(ensureBuilt);

describe('thumbdesk publish', () => {
  it('to a read-only folder fails with a clear message, no partial file and no record', async () => {
    const t = await builtLibrary(['Landscape_3.jpg', ['p3.png', 'sub/Cafe\u0301 a+b.png']]);
    const out = path.join(t.dir, 'readonly');
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
    await t.cleanup();
  });
});

describe('thumbdesk targets', () => {
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
