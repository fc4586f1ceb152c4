import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  onlyJson,
  runCli,
  spawnCli,
  type CliResult,
} from '../core/test-support/cli.js';
import { copyFixtures, fixture, makeTempDir, PROJECT_ROOT } from '../core/test-support/fixtures.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: string;
let originals: string;
let presetsFile: string;

const cli = (...args: string[]) => runCli(['--library', library, ...args]);
const json = (...args: string[]) => cli('--json', ...args);

/** A fatal error: exit 1, nothing on stdout, exactly one line on stderr. */
function expectFatal(result: CliResult, message: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

beforeAll(async () => {
  ensureBuilt();
  tmp = await makeTempDir();
  library = path.join(tmp.dir, 'library');
  originals = path.join(tmp.dir, 'originals');
  await copyFixtures(originals, ['Landscape_1.jpg', 'p3.png', 'truncated.jpg', 'concert.jpg']);
  presetsFile = path.join(tmp.dir, 'presets.json');
  await writeFile(
    presetsFile,
    JSON.stringify({
      presets: [
        { name: 'thumb', width: 100, height: 100, fit: 'cover', formats: ['webp', 'jpeg'] },
        { name: 'full', width: 400, formats: ['original'], densities: [1, 2] },
      ],
    }),
  );
}, 120_000);

afterAll(() => tmp?.cleanup());

describe('thumbdesk --json, one document per command', () => {
  it('add: exit 2 when a file failed, and one JSON document', async () => {
    const result = await json('add', originals);
    expect(result.code).toBe(2);
    const added =
      onlyJson<{ source: string; created: boolean; scan: { added: number; failed: number } }[]>(
        result,
      );
    expect(added).toEqual([
      expect.objectContaining({
        source: 'originals',
        created: true,
        scan: expect.objectContaining({ added: 4, failed: 1 }),
      }),
    ]);
    // Adding it again is idempotent, and nothing new failed.
    const again = await json('add', originals);
    expect(again.code).toBe(0);
    expect(onlyJson<{ created: boolean }[]>(again)[0]!.created).toBe(false);
  });

  it('presets import, list and export', async () => {
    const imported = await json('presets', 'import', presetsFile);
    expect(imported.code).toBe(0);
    expect(onlyJson(imported)).toEqual([
      { name: 'thumb', change: 'added' },
      { name: 'full', change: 'added' },
    ]);
    const list = onlyJson<{ name: string }[]>(await json('presets', 'list'));
    expect(list.map((p) => p.name)).toEqual(['full', 'thumb']);
    const exported = await cli('presets', 'export');
    expect(onlyJson<{ presets: unknown[] }>(exported).presets).toHaveLength(2);
  });

  it('generate, then status and list', async () => {
    const generated = await json('generate', '--concurrency', '2');
    expect(generated.code, generated.stderr).toBe(0);
    // Progress goes to stderr only as a bar on a terminal; this is a pipe.
    expect(generated.stderr).toBe('');
    expect(onlyJson(generated)).toMatchObject({
      total: 12,
      built: 12,
      failed: 0,
      cancelled: false,
    });

    const status = await json('status');
    expect(status.code).toBe(0);
    const s = onlyJson<{
      originals: { total: number; failed: number; excluded: number };
      derivatives: Record<string, number>;
      cacheBytes: number;
    }>(status);
    expect(s.originals).toEqual({ total: 4, failed: 1, excluded: 0 });
    expect(s.derivatives).toMatchObject({ fresh: 12, stale: 0, missing: 0, failed: 0 });
    expect(s.cacheBytes).toBeGreaterThan(0);

    const listed = await json('list');
    expect(listed.code).toBe(0);
    const list = onlyJson<Record<string, unknown>[]>(listed);
    expect(list.map((o) => o.path)).toEqual([
      'Landscape_1.jpg',
      'concert.jpg',
      'p3.png',
      'truncated.jpg',
    ]);
    for (const original of list) {
      expect(Object.keys(original).sort()).toEqual(
        ['derivatives', 'error', 'excluded', 'hash', 'height', 'path', 'source', 'width'].sort(),
      );
    }
    const landscape = list[0] as {
      hash: string;
      width: number;
      height: number;
      error: null;
      derivatives: Record<string, unknown>[];
    };
    expect(landscape).toMatchObject({ source: 'originals', width: 600, height: 450, error: null });
    expect(landscape.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(landscape.derivatives).toHaveLength(4);
    let bytes = 0;
    for (const d of landscape.derivatives) {
      expect(Object.keys(d).sort()).toEqual(
        ['bytes', 'density', 'file', 'format', 'height', 'preset', 'state', 'width'].sort(),
      );
      expect(d.state).toBe('fresh');
      expect(path.isAbsolute(d.file as string)).toBe(true);
      expect((await stat(d.file as string)).size).toBe(d.bytes);
      bytes += d.bytes as number;
    }
    expect(bytes).toBeGreaterThan(0);
    expect(
      landscape.derivatives.map((d) => [d.preset, d.format, d.density, d.width, d.height]),
    ).toEqual([
      ['full', 'jpeg', 1, 400, 300],
      ['full', 'jpeg', 2, 600, 450],
      ['thumb', 'jpeg', 1, 100, 100],
      ['thumb', 'webp', 1, 100, 100],
    ]);
    const truncated = list[3] as { error: string; derivatives: unknown[] };
    expect(truncated.error).toMatch(/^truncated JPEG/);
    expect(truncated.derivatives).toEqual([]);
  });

  it('scan, errors and gc', async () => {
    const scanned = await json('scan');
    expect(scanned.code).toBe(0);
    expect(onlyJson(scanned)).toEqual([expect.objectContaining({ unchanged: 4, changed: 0 })]);
    const errors = await json('errors');
    expect(errors.code).toBe(0);
    expect(onlyJson(errors)).toEqual([
      expect.objectContaining({
        kind: 'original',
        path: 'truncated.jpg',
        error: expect.stringMatching(/^truncated JPEG/),
      }),
    ]);
    const gc = await json('gc');
    expect(gc.code).toBe(0);
    expect(onlyJson(gc)).toEqual({ rows: 0, files: 0, bytes: 0, lost: 0 });
  });

  it('generate: exit 2 when some derivatives failed', async () => {
    // Changed after the scan: generate refuses to build from bytes the catalog did not see.
    await copyFile(fixture('Landscape_2.jpg'), path.join(originals, 'concert.jpg'));
    const scanned = await json('scan');
    expect(onlyJson(scanned)).toEqual([expect.objectContaining({ changed: 1 })]);
    await copyFile(fixture('Portrait_3.jpg'), path.join(originals, 'concert.jpg'));
    const generated = await json('generate');
    expect(generated.code).toBe(2);
    expect(onlyJson(generated)).toMatchObject({ built: 0, failed: 4 });
    const errors = onlyJson<{ kind: string; path: string; error: string }[]>(await json('errors'));
    expect(errors.filter((e) => e.kind === 'derivative')).toHaveLength(4);
    expect(errors.find((e) => e.kind === 'derivative')!.error).toMatch(
      /changed since the last scan/,
    );
    // After a scan the slot is stale, not failed, and the next generate builds it.
    await json('scan');
    const again = await json('generate');
    expect(again.code).toBe(0);
    expect(onlyJson(again)).toMatchObject({ built: 4, failed: 0 });
  });

  it('prints words, not JSON, without --json', async () => {
    const status = await cli('status');
    expect(status.code).toBe(0);
    expect(() => JSON.parse(status.stdout)).toThrow();
    expect(status.stdout).toMatch(/originals\s+4/);
    expect(status.stderr).toBe('');
  });

  it('exclude and include: idempotent, marked in list and status, one document each', async () => {
    const name = 'originals/p3.png';
    const excluded = await json('exclude', name, 'originals/concert.jpg', name);
    expect(excluded.code, excluded.stderr).toBe(0);
    expect(onlyJson(excluded)).toEqual([
      { original: name, excluded: true, changed: true },
      { original: 'originals/concert.jpg', excluded: true, changed: true },
    ]);
    const again = await json('exclude', name);
    expect(again.code).toBe(0);
    expect(onlyJson(again)).toEqual([{ original: name, excluded: true, changed: false }]);

    const list = onlyJson<{ path: string; excluded: boolean; derivatives: unknown[] }[]>(
      await json('list'),
    );
    expect(list.map((o) => [o.path, o.excluded, o.derivatives.length])).toEqual([
      ['Landscape_1.jpg', false, 4],
      ['concert.jpg', true, 0],
      ['p3.png', true, 0],
      ['truncated.jpg', false, 0],
    ]);
    const status = onlyJson<{ originals: unknown; derivatives: { orphaned: number } }>(
      await json('status'),
    );
    expect(status.originals).toEqual({ total: 2, failed: 1, excluded: 2 });
    expect(status.derivatives.orphaned).toBe(8);

    const included = await cli('include', name, 'originals/concert.jpg');
    expect(included.code, included.stderr).toBe(0);
    expect(included.stdout).toBe(
      'included: originals/p3.png\nincluded: originals/concert.jpg\n"thumbdesk generate" builds what they miss\n',
    );
    const back = onlyJson<{ derivatives: { fresh: number; orphaned: number } }>(
      await json('status'),
    );
    // Included before any gc: their derivatives are fresh again.
    expect(back.derivatives).toMatchObject({ fresh: 12, orphaned: 0 });
    expect(onlyJson(await json('include', name))).toEqual([
      { original: name, excluded: false, changed: false },
    ]);
  });
});

describe('where the library is', () => {
  /** A working folder of its own, with one original beside it, for a run of `add` from it. */
  async function workspace(name: string) {
    const cwd = path.join(tmp.dir, name);
    await copyFixtures(path.join(cwd, 'photos'), ['Landscape_1.jpg']);
    return cwd;
  }
  const listed = async (libraryDir: string) =>
    onlyJson<{ path: string }[]>(await runCli(['--library', libraryDir, '--json', 'list'])).map(
      (o) => o.path,
    );
  const add = (cwd: string, env: NodeJS.ProcessEnv = {}, args: string[] = []) =>
    spawnCli([...args, 'add', 'photos'], { cwd, env }).done;

  it('is ./.thumbdesk in the working folder when nothing names one', async () => {
    const cwd = await workspace('default-cwd');
    expect((await add(cwd)).code).toBe(0);
    expect(existsSync(path.join(cwd, '.thumbdesk', 'catalog.sqlite'))).toBe(true);
    expect(await listed(path.join(cwd, '.thumbdesk'))).toEqual(['Landscape_1.jpg']);
  });

  it('is $THUMBDESK_LIBRARY when set, and --library when given, over both', async () => {
    const cwd = await workspace('env-cwd');
    const fromEnv = path.join(tmp.dir, 'env-library');
    expect((await add(cwd, { THUMBDESK_LIBRARY: fromEnv })).code).toBe(0);
    expect(await listed(fromEnv)).toEqual(['Landscape_1.jpg']);
    expect(existsSync(path.join(cwd, '.thumbdesk'))).toBe(false);

    const fromFlag = path.join(tmp.dir, 'flag-library');
    const run = await add(cwd, { THUMBDESK_LIBRARY: fromEnv }, ['--library', fromFlag]);
    expect(run.code).toBe(0);
    expect(await listed(fromFlag)).toEqual(['Landscape_1.jpg']);
    expect(existsSync(path.join(cwd, '.thumbdesk'))).toBe(false);
  });
});

describe('thumbdesk --version', () => {
  it("prints package.json's version alone, exit 0, needing no library", async () => {
    const pkg = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V']) {
      const result = await runCli([flag], tmp.dir);
      expect([result.code, result.stdout, result.stderr]).toEqual([0, `${pkg.version}\n`, '']);
    }
    expect(existsSync(path.join(tmp.dir, '.thumbdesk'))).toBe(false);
  });
});

describe('thumbdesk fatal errors: exit 1 with one line', () => {
  it('refuses bad arguments', async () => {
    expectFatal(await cli('generate', '--concurrency', '0'), /concurrency.*at least 1/);
    expectFatal(await cli('frobnicate'), /unknown command 'frobnicate'/);
    expectFatal(await cli('generate', '--preset', 'nope'), /no preset named "nope"/);
    expectFatal(await cli('add', path.join(tmp.dir, 'nowhere')), /no such folder/);
    expectFatal(
      await json('exclude', 'originals/p3.png', 'originals/nope.jpg', 'p3.png'),
      /^thumbdesk: no original "originals\/nope.jpg", "p3.png" in the library \(name originals as source\/path/,
    );
    expectFatal(await cli('include'), /missing required argument 'original'/);
    // Nothing changed: a name that is not in the library stops the whole command.
    const list = onlyJson<{ path: string; excluded: boolean }[]>(await json('list'));
    expect(list.find((o) => o.path === 'p3.png')?.excluded).toBe(false);
  });

  it('refuses a library it cannot read', async () => {
    expectFatal(await runCli(['--library', presetsFile, 'status']), /cannot create library/);
    const garbage = path.join(tmp.dir, 'garbage-library');
    await copyFixtures(garbage, [['Landscape_1.jpg', 'catalog.sqlite']]);
    expectFatal(await runCli(['--library', garbage, '--json', 'status']), /cannot open catalog/);
  });

  it('refuses a library made by a newer Thumbdesk', async () => {
    const newer = path.join(tmp.dir, 'newer-library');
    expect((await runCli(['--library', newer, 'status'])).code).toBe(0);
    const db = new Database(path.join(newer, 'catalog.sqlite'));
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      10_000,
      'from the future',
      Date.now(),
    );
    db.close();
    expectFatal(await runCli(['--library', newer, '--json', 'status']), /newer Thumbdesk/);
  });

  it('refuses an invalid preset file, naming the field', async () => {
    const bad = path.join(tmp.dir, 'bad-presets.json');
    await writeFile(bad, JSON.stringify({ presets: [{ name: 'x', width: 100, fit: 'crop' }] }));
    expectFatal(await json('presets', 'import', bad), /presets\.0\.fit/);
    await writeFile(bad, '{ "presets": [');
    expectFatal(await json('presets', 'import', bad), /cannot read presets from/);
    expect(existsSync(library)).toBe(true);
  });
});
