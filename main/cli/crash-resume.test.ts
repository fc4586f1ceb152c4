import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLI, ensureBuilt, onlyJson, runCli } from '../core/test-support/cli.js';
import { filesUnder } from '../core/test-support/files.js';
import { fixture, makeTempDir } from '../core/test-support/fixtures.js';

const ORIGINALS = 36;
const PRESETS = {
  presets: [
    { name: 'large', width: 900, formats: ['webp', 'jpeg', 'png'] },
    { name: 'square', width: 240, height: 240, fit: 'cover', formats: ['webp', 'jpeg'] },
  ],
};
const PER_ORIGINAL = 5;
const TOTAL = ORIGINALS * PER_ORIGINAL;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: string;

beforeAll(async () => {
  ensureBuilt();
  tmp = await makeTempDir();
  library = path.join(tmp.dir, 'library');
  const originals = path.join(tmp.dir, 'originals');
  await mkdir(originals);
  // Distinct pictures, so that no two originals share their derivatives' files.
  const base = sharp(fixture('flowers.jpeg')).resize(1400);
  for (let i = 0; i < ORIGINALS; i += 1) {
    await base
      .clone()
      .modulate({ brightness: 0.8 + i / 100 })
      .jpeg({ quality: 85 })
      .toFile(path.join(originals, `photo-${String(i).padStart(2, '0')}.jpg`));
  }
  const presets = path.join(tmp.dir, 'presets.json');
  await writeFile(presets, JSON.stringify(PRESETS));
  expect((await runCli(['--library', library, 'add', originals])).code).toBe(0);
  expect((await runCli(['--library', library, 'presets', 'import', presets])).code).toBe(0);
}, 120_000);

afterAll(() => tmp?.cleanup());

function countBuilt(): number {
  const db = new Database(path.join(library, 'catalog.sqlite'), { readonly: true });
  try {
    const row = db.prepare('SELECT count(*) AS n FROM derivatives WHERE key IS NOT NULL').get();
    return (row as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Starts `thumbdesk --json generate` and resolves once `atLeast` builds are recorded. */
async function startGenerate(atLeast: number) {
  const args = [CLI, '--library', library, '--json', 'generate', '--concurrency', '2'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let built = countBuilt();
  for (let waited = 0; built < atLeast && waited < 60_000; waited += 25) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    built = countBuilt();
  }
  return { child, exited, built, stdout: () => stdout };
}

it('a generate interrupted with SIGINT stops early, says so, and exits 2', async () => {
  const run = await startGenerate(PER_ORIGINAL);
  run.child.kill('SIGINT');
  const { code } = await run.exited;
  expect(code).toBe(2);
  const report = onlyJson<{ cancelled: boolean; built: number; total: number }>({
    code: 2,
    stdout: run.stdout(),
    stderr: '',
  });
  expect(report).toMatchObject({ cancelled: true, total: TOTAL });
  expect(report.built).toBeGreaterThanOrEqual(run.built);
  expect(report.built).toBeLessThan(TOTAL);
  expect(countBuilt()).toBe(report.built);
});

it('a generate killed with SIGKILL resumes to a complete, consistent library', async () => {
  // Kill it once it has recorded more than the interrupted run did, well before the end.
  const before = countBuilt();
  const run = await startGenerate(before + PER_ORIGINAL * 2);
  run.child.kill('SIGKILL');
  expect((await run.exited).signal).toBe('SIGKILL');
  expect(run.built).toBeGreaterThan(before);

  // What a write cut short by the kill leaves behind: a temp file named with the dead pid.
  const cache = path.join(library, 'cache');
  const halfWritten = path.join(cache, 'ff', `.tmp-${run.child.pid}-0123456789ab-ff00.webp`);
  await mkdir(path.dirname(halfWritten), { recursive: true });
  await writeFile(halfWritten, 'half');

  // The catalog opens, is intact, and says nothing that is not on disk.
  const db = new Database(path.join(library, 'catalog.sqlite'));
  const claims = db.prepare('SELECT file, bytes FROM derivatives WHERE file IS NOT NULL').all() as {
    file: string;
    bytes: number;
  }[];
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
  expect(claims.length).toBeGreaterThanOrEqual(run.built);
  expect(claims.length).toBeLessThan(TOTAL);
  for (const claim of claims) {
    expect((await stat(path.join(cache, claim.file))).size, claim.file).toBe(claim.bytes);
  }

  // Run again: it picks up where the others stopped, and finishes.
  const resumed = await runCli(['--library', library, '--json', 'generate', '--concurrency', '2']);
  expect(resumed.code, resumed.stderr).toBe(0);
  const report = onlyJson<{ total: number; built: number; strayTempsRemoved: number }>(resumed);
  const left = TOTAL - claims.length;
  expect(report).toMatchObject({ total: left, built: left, failed: 0 });
  expect(report.strayTempsRemoved).toBeGreaterThanOrEqual(1);

  const status = onlyJson<{ derivatives: Record<string, number> }>(
    await runCli(['--library', library, '--json', 'status']),
  );
  expect(status.derivatives).toMatchObject({ fresh: TOTAL, stale: 0, missing: 0, failed: 0 });
  const files = await filesUnder(cache);
  expect(files.filter((f) => path.basename(f).startsWith('.tmp-'))).toEqual([]);
  expect(files).toHaveLength(TOTAL);
  expect(existsSync(halfWritten)).toBe(false);

  const after = new Database(path.join(library, 'catalog.sqlite'), { readonly: true });
  expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
  const jobs = after.prepare(`SELECT state FROM jobs WHERE kind = 'generate' ORDER BY id`).all();
  after.close();
  expect(jobs).toEqual([{ state: 'cancelled' }, { state: 'interrupted' }, { state: 'done' }]);
});
