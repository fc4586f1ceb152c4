import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuiltAt } from './cli.js';
import { makeTempDir, PROJECT_ROOT } from './fixtures.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
/** A project of a few files, with the real bin/build-stamp.js. */
let root: string;

const write = async (rel: string, text: string) => {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), text);
};
/** What `npm run build` does around the compilers. */
const stamp = (step: 'begin' | 'end') => {
  const run = spawnSync(process.execPath, [path.join(root, 'bin', 'build-stamp.js'), step]);
  expect(run.status, run.stderr.toString()).toBe(0);
};

beforeEach(async () => {
  tmp = await makeTempDir();
  root = tmp.dir;
  await mkdir(path.join(root, 'bin'));
  await copyFile(
    path.join(PROJECT_ROOT, 'bin', 'build-stamp.js'),
    path.join(root, 'bin', 'build-stamp.js'),
  );
  await write('tsconfig.build.json', '{}');
  await write('main/core/a.ts', 'export const a = 1;\n');
  await write('main/core/a.test.ts', '// a test\n');
  await write('main/core/test-support/helper.ts', '// a helper\n');
  await write('main/app/window.ts', '// the desktop shell\n');
  await write('shared/b.ts', 'export const b = 2;\n');
  await write('renderer/index.html', '<!doctype html>\n');
});

afterEach(() => tmp.cleanup());

describe('ensureBuilt', () => {
  it('passes on a build made from the sources as they are', () => {
    stamp('begin');
    stamp('end');
    expect(() => ensureBuiltAt(root)).not.toThrow();
  });

  it('refuses, in one line that says to build, once a source the CLI runs changed', async () => {
    stamp('begin');
    stamp('end');
    await write('main/core/a.ts', 'export const a = 2;\n');
    expect(() => ensureBuiltAt(root)).toThrow(
      /^dist\/ is stale: main\/core\/a\.ts changed since the last build; run `npm run build`$/,
    );
    await write('main/core/a.ts', 'export const a = 1;\n'); // the same bytes again: fresh
    expect(() => ensureBuiltAt(root)).not.toThrow();
    await write('shared/c.ts', 'export const c = 3;\n');
    expect(() => ensureBuiltAt(root)).toThrow(/shared\/c\.ts changed/);
  });

  it('ignores tests, their helpers and what the CLI does not run', async () => {
    stamp('begin');
    stamp('end');
    await write('main/core/a.test.ts', '// another test\n');
    await write('main/core/test-support/helper.ts', '// another helper\n');
    await write('main/app/window.ts', '// the shell, edited\n');
    expect(() => ensureBuiltAt(root)).not.toThrow();
  });

  it('refuses dist/ without a stamp, or from a build that began and never ended', () => {
    expect(() => ensureBuiltAt(root)).toThrow(/dist\/ carries no build stamp/);
    stamp('begin');
    expect(() => ensureBuiltAt(root)).toThrow(/a build is under way, or the last one failed/);
  });

  it('stamps what the build read at its start, not what changed while it ran', async () => {
    stamp('begin');
    await write('main/cli/late.ts', '// written during the build\n');
    stamp('end');
    expect(() => ensureBuiltAt(root)).toThrow(/main\/cli\/late\.ts changed/);
  });
});
