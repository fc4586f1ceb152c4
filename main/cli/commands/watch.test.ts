import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, rm, writeFile } from 'node:fs/promises';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { CLI, ensureBuilt, onlyJson, runCli, spawnCli } from '../../core/test-support/cli.js';
import { filesUnder } from '../../core/test-support/files.js';
import { copyFixtures, fixture, makeTempDir } from '../../core/test-support/fixtures.js';
import { until } from '../../core/test-support/poll.js';

beforeAll(ensureBuilt, 120_000);

let tmp: Awaited<ReturnType<typeof makeTempDir>> | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  await tmp?.cleanup();
  tmp = undefined;
});

/** A library in a fresh temp folder with one preset and `files` added from `originals/`. */
async function libraryWith(files: [string, string][]) {
  tmp = await makeTempDir();
  const library = path.join(tmp.dir, 'library');
  const originals = path.join(tmp.dir, 'originals');
  await copyFixtures(originals, files);
  const presets = path.join(tmp.dir, 'presets.json');
  await writeFile(
    presets,
    JSON.stringify({ presets: [{ name: 't', width: 48, formats: ['webp'] }] }),
  );
  expect((await runCli(['--library', library, 'add', originals])).code).toBe(0);
  expect((await runCli(['--library', library, 'presets', 'import', presets])).code).toBe(0);
  return { library, originals };
}

it('prints one JSON line per event, rebuilds what changed, and stops cleanly on SIGTERM', async () => {
  const { library, originals } = await libraryWith([['Landscape_1.jpg', 'a.jpg']]);

  const { THUMBDESK_LIBRARY: _ignored, ...env } = process.env;
  const watch = spawn(
    process.execPath,
    [CLI, '--library', library, '--json', 'watch', '--debounce', '100', '--concurrency', '1'],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child = watch;
  let stdout = '';
  let stderr = '';
  watch.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  watch.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => watch.on('exit', resolve));
  const events = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map(
        (line) => JSON.parse(line) as { type: string; path?: string; report?: { built: number } },
      );

  await until('the first rebuild', () => events().some((e) => e.type === 'rebuilt'));
  await copyFile(fixture('Portrait_2.jpg'), path.join(originals, 'b.jpg'));
  await until('the new file rebuilt', () => {
    const all = events();
    const added = all.findIndex((e) => e.type === 'file' && e.path === 'b.jpg');
    return (
      added >= 0 && all.slice(added).some((e) => e.type === 'rebuilt' && e.report?.built === 1)
    );
  });

  watch.kill('SIGTERM');
  expect(await exited, stderr).toBe(0);
  expect(events().map((e) => e.type)).toEqual([
    'watching',
    'scanned',
    'rebuilt',
    'file',
    'scanned',
    'rebuilt',
  ]);
});

it('publishes with --publish --delete until SIGINT, then exits 0 with its catalog intact', async () => {
  const { library, originals } = await libraryWith([
    ['Landscape_1.jpg', 'a.jpg'],
    ['Portrait_2.jpg', 'b.jpg'],
  ]);
  const site = path.join(tmp!.dir, 'site');

  const watch = spawnCli([
    '--library',
    library,
    '--json',
    'watch',
    '--debounce',
    '100',
    '--publish',
    site,
    '--delete',
  ]);
  child = watch.child;
  // What the target holds, not only what its manifest says.
  const files = async () => (await filesUnder(site)).join();
  const slow = { timeoutMs: 30_000 };
  await until(
    'the first publish',
    async () => (await files()) === 't/originals/a.webp,t/originals/b.webp,thumbdesk.json',
    slow,
  );
  await rm(path.join(originals, 'b.jpg'));
  await until(
    "the removed original's file deleted from the site",
    async () => (await files()) === 't/originals/a.webp,thumbdesk.json',
    slow,
  );

  watch.child.kill('SIGINT');
  const ended = await watch.done;
  expect(ended.code, ended.stderr).toBe(0);
  const db = new Database(path.join(library, 'catalog.sqlite'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  const list = onlyJson<{ path: string; derivatives: { state: string }[] }[]>(
    await runCli(['--library', library, '--json', 'list']),
  );
  expect(list.map((o) => [o.path, o.derivatives.map((d) => d.state)])).toEqual([
    ['a.jpg', ['fresh']],
  ]);
});
