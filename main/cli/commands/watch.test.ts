import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { CLI, ensureBuilt, runCli } from '../../core/test-support/cli.js';
import { fixture, makeTempDir } from '../../core/test-support/fixtures.js';
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

it('prints one JSON line per event, rebuilds what changed, and stops cleanly on SIGTERM', async () => {
  tmp = await makeTempDir();
  const library = path.join(tmp.dir, 'library');
  const originals = path.join(tmp.dir, 'originals');
  await mkdir(originals);
  await copyFile(fixture('Landscape_1.jpg'), path.join(originals, 'a.jpg'));
  const presets = path.join(tmp.dir, 'presets.json');
  await writeFile(
    presets,
    JSON.stringify({ presets: [{ name: 't', width: 48, formats: ['webp'] }] }),
  );
  expect((await runCli(['--library', library, 'add', originals])).code).toBe(0);
  expect((await runCli(['--library', library, 'presets', 'import', presets])).code).toBe(0);

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
