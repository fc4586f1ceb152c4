import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, PROJECT_ROOT } from '../core/test-support/fixtures.js';
import { packageVersion } from './package-version.js';

const tmp = await makeTempDir();
afterAll(tmp.cleanup);

/** A file URL for `relative` under `root`; the file itself need not exist. */
const moduleIn = (root: string, relative: string) => pathToFileURL(path.join(root, relative)).href;

describe('packageVersion', () => {
  it("reads the project's package.json from the source and from the build", async () => {
    const pkg = await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8');
    const { version } = JSON.parse(pkg) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(packageVersion(moduleIn(PROJECT_ROOT, 'main/cli/program.ts'))).toBe(version);
    expect(packageVersion(moduleIn(PROJECT_ROOT, 'dist/main/cli/program.js'))).toBe(version);
  });

  it('reads the nearest package.json above an installed copy', async () => {
    const installed = path.join(tmp.dir, 'node_modules', 'thumbdesk');
    await mkdir(path.join(installed, 'dist', 'main', 'cli'), { recursive: true });
    await writeFile(path.join(tmp.dir, 'package.json'), JSON.stringify({ version: '9.9.9' }));
    await writeFile(path.join(installed, 'package.json'), JSON.stringify({ version: '1.2.3' }));
    expect(packageVersion(moduleIn(installed, 'dist/main/cli/program.js'))).toBe('1.2.3');
  });

  it('says so when there is no package.json at all', () => {
    expect(() => packageVersion(moduleIn('/', 'program.js'))).toThrow(/^no package\.json above/);
  });
});
