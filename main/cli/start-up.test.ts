/**
 * What a command loads before it works. zod (95 modules, ~130 ms of CPU and 3 MB of heap) is
 * the contract's and the preset schema's; `generate` and `status` only read the catalog, and
 * loading zod put `generate`'s heap over V8's threshold for major collections, which then ran
 * every few hundred milliseconds through the run (bench/README.md, "generate, run 8"). Any
 * other heavy import would do the same, so the threshold itself is held too.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, spawnCli } from '../core/test-support/cli.js';
import { copyFixtures, makeTempDir, PROJECT_ROOT } from '../core/test-support/fixtures.js';

/** `node --import` hooks of test-support: each writes what it saw to HOOK_REPORT_FILE. */
const MODULE_TRACE = path.join(PROJECT_ROOT, 'main/core/test-support/module-trace.mjs');
const HEAP_AT_EXIT = path.join(PROJECT_ROOT, 'main/core/test-support/heap-at-exit.mjs');
/** V8 starts no incremental marking while the old generation is below this (its
 * `IsBelowActivationThresholds`, 8 MB on 64-bit): the decode-once floor stays under it. */
const MARKING_THRESHOLD = 8 * 1024 * 1024;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: string;
let reports = 0;

/** What `hook` reported of `thumbdesk ...args`, after the command exited 0 and quietly. */
async function hookReport(hook: string, args: string[]): Promise<string> {
  const report = path.join(tmp.dir, `report-${(reports += 1)}.txt`);
  await writeFile(report, '');
  const run = await spawnCli(args, {
    env: { NODE_OPTIONS: `--import=${hook}`, HOOK_REPORT_FILE: report },
  }).done;
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return readFile(report, 'utf8');
}

/** The module URLs `thumbdesk --library <library> ...args` resolved. */
async function modulesLoadedBy(...args: string[]): Promise<string[]> {
  const trace = await hookReport(MODULE_TRACE, ['--library', library, ...args]);
  return trace.split('\n').filter(Boolean);
}

const fromZod = (urls: string[]) => urls.filter((url) => url.includes('/node_modules/zod/'));

/** The size of V8's old generation as `thumbdesk ...args` exited, in bytes. */
async function oldGenerationAfter(...args: string[]): Promise<number> {
  return Number(await hookReport(HEAP_AT_EXIT, args));
}

beforeAll(async () => {
  ensureBuilt();
  tmp = await makeTempDir('start-up');
  library = path.join(tmp.dir, 'library');
});
afterAll(() => tmp?.cleanup());

describe('modules a command loads', () => {
  it('presets import parses its file with zod (the trace sees zod when it loads)', async () => {
    const file = path.join(tmp.dir, 'presets.json');
    await writeFile(file, JSON.stringify({ presets: [{ name: 'thumb', width: 320 }] }));
    expect(fromZod(await modulesLoadedBy('presets', 'import', file)).length).toBeGreaterThan(10);
  });

  it('generate and status read the catalog without loading zod', async () => {
    for (const command of ['generate', 'status']) {
      const loaded = await modulesLoadedBy('--json', command);
      expect(loaded.some((url) => url.endsWith(`/dist/main/cli/commands/${command}.js`))).toBe(
        true,
      );
      expect(fromZod(loaded)).toEqual([]);
    }
  });

  it("keeps generate's old generation under V8's marking threshold through a run", async () => {
    const photos = path.join(tmp.dir, 'photos');
    await copyFixtures(photos, ['Landscape_1.jpg', 'Portrait_2.jpg', 'concert.jpg']);
    const presets = path.join(tmp.dir, 'sizes.json');
    const sizes = [320, 1024].map((width) => ({ name: `w${width}`, width, formats: ['jpeg'] }));
    await writeFile(presets, JSON.stringify({ presets: sizes }));
    const built = path.join(tmp.dir, 'built');
    for (const step of [
      ['presets', 'import', presets],
      ['add', photos],
    ]) {
      expect((await spawnCli(['--library', built, ...step]).done).code).toBe(0);
    }
    const old = await oldGenerationAfter('--library', built, '--json', 'generate');
    const mib = (old / 2 ** 20).toFixed(2);
    expect(old, `old generation ${mib} MiB after generate`).toBeLessThan(MARKING_THRESHOLD);
  });
});
