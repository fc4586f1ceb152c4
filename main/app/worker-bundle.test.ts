import { cpSync, existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../core/test-support/fixtures.js';
import { startServiceWorker } from '../core/service/worker-service.js';
import { RENDER_CHILD_BUNDLE, SERVICE_WORKER_BUNDLE, unpackedPath } from './worker-bundle.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = path.join(ROOT, SERVICE_WORKER_BUNDLE);
const config = load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as {
  asarUnpack: string[];
};
const NODE_SQLITE = path.join(
  ROOT,
  'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
);

/**
 * The packages the bundle loads at run time: its static imports (esbuild hoists every external
 * one to a top-level statement) and the `__require` calls of the CommonJS code inside it.
 */
function importedPackages(code: string): string[] {
  const statements =
    /^import\s(?:[^;]*?\sfrom\s*)?["']([^"']+)["']|__require\(["']([^"']+)["']\)/gm;
  return [...new Set([...code.matchAll(statements)].map((match) => (match[1] ?? match[2])!))];
}

describe('the bundled service worker (dist/main/app/service-worker.mjs)', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  /** A package's resources/app.asar.unpacked, holding only what asarUnpack lists. */
  let unpacked: string;

  beforeAll(async () => {
    expect(existsSync(BUNDLE), 'run `npm run build` first: it bundles the worker').toBe(true);
    tmp = await makeTempDir();
    unpacked = path.join(tmp.dir, 'resources/app.asar.unpacked');
    for (const pattern of config.asarUnpack) {
      const base = pattern.replace(/\/\*\*\/\*$/, '');
      cpSync(path.join(ROOT, base), path.join(unpacked, base), { recursive: true });
    }
  });
  afterAll(() => tmp?.cleanup());

  it('is one file: nothing relative, only Node built-ins and the two native packages outside it', () => {
    const code = readFileSync(BUNDLE, 'utf8');
    const imported = importedPackages(code);
    expect(imported).toContain('node:worker_threads');
    const outside = imported.filter((name) => !isBuiltin(name));
    expect(outside.sort()).toEqual(['better-sqlite3', 'sharp']);
    // The packaged app's RunAsNode fuse is off, so child_process.fork could not start Node.
    expect(code).not.toMatch(/\bfork\(/);
  });

  it('has a one-file render child beside it, unpacked too, needing only sharp outside', () => {
    const code = readFileSync(path.join(ROOT, RENDER_CHILD_BUNDLE), 'utf8');
    const outside = importedPackages(code).filter((name) => !isBuiltin(name));
    expect(outside).toEqual(['sharp']);
    // The utility process's channel: Electron's parentPort.
    expect(code).toMatch(/parentPort/);
    expect(config.asarUnpack).toContain(RENDER_CHILD_BUNDLE);
  });

  it('starts from an unpacked package layout holding only what asarUnpack lists, and answers a call', async () => {
    const service = await startServiceWorker(path.join(tmp.dir, 'library'), {
      concurrency: 1,
      nativeBinding: NODE_SQLITE,
      workerFile: path.join(unpacked, SERVICE_WORKER_BUNDLE),
    });
    try {
      expect(await service.call('status')).toMatchObject({ sources: 0, presets: 0 });
    } finally {
      await service.close();
    }
  });

  it('is found beside app.asar in a package, and in place in development', () => {
    expect(unpackedPath('/opt/Thumbdesk/resources/app.asar/dist/main/app/service-worker.mjs')).toBe(
      '/opt/Thumbdesk/resources/app.asar.unpacked/dist/main/app/service-worker.mjs',
    );
    expect(unpackedPath('/src/thumbdesk/dist/main/app/service-worker.mjs')).toBe(
      '/src/thumbdesk/dist/main/app/service-worker.mjs',
    );
  });
});
