/**
 * Last-Modified follows everything an answer depends on: the original (its mtime, and when the
 * catalog recorded its bytes), its focal point, a `pr:` URL's preset, and the pipeline (render
 * engine and output settings). Checked on the URL API over a real socket with If-Modified-Since
 * alone, the request that trusts Last-Modified the most.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../library/library.js';
import { copyFixtures, makeTempDir } from '../../test-support/fixtures.js';
import { get, startUrlApi, type TestServer } from '../../test-support/url-api-server.js';
import { answerModifiedAt } from './answer-modified.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let server: TestServer;

/** Waits into the next second: HTTP dates have no finer grain. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1001 - (Date.now() % 1000)));

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-modified-');
  await copyFixtures(path.join(tmp.dir, 'photos'), ['Landscape_5.jpg']);
  library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
  await library.addSource(path.join(tmp.dir, 'photos'));
  library.savePreset({ name: 'tiny', width: 32, formats: ['jpeg'], densities: [1] });
  // Every request resolves afresh: no remembered answer hides a catalog change.
  server = await startUrlApi(library, { listenHost: '127.0.0.1', catalogRecheckMs: 0 });
});

afterAll(async () => {
  await server?.close();
  library?.close();
  await tmp?.cleanup();
});

/** Asks with the Last-Modified of the previous answer alone; answers the status and the date. */
async function revalidate(url: string, since: string) {
  const reply = await get(server, url, { 'If-Modified-Since': since });
  return { status: reply.status, lastModified: reply.headers['last-modified']! };
}

describe('Last-Modified', () => {
  it("moves when a pr: URL's preset recipe changes, and a date-only revalidation gets the new image", async () => {
    const url = '/insecure/pr:tiny/plain/local:///photos/Landscape_5.jpg';
    const first = await get(server, url);
    const since = first.headers['last-modified']!;
    expect((await revalidate(url, since)).status).toBe(304);
    await nextSecond();
    library.savePreset({ name: 'tiny', width: 24, formats: ['jpeg'], densities: [1] });
    const after = await revalidate(url, since);
    expect(after.status).toBe(200);
    expect(Date.parse(after.lastModified)).toBeGreaterThan(Date.parse(since));
    expect((await revalidate(url, after.lastModified)).status).toBe(304);
  });

  it('moves when the focal point is set', async () => {
    const url = '/insecure/rs:fill:40:40/plain/local:///photos/Landscape_5.jpg';
    const since = (await get(server, url)).headers['last-modified']!;
    expect((await revalidate(url, since)).status).toBe(304);
    await nextSecond();
    const [original] = library.list();
    library.setFocalPoint(original!.id, 0.1, 0.9);
    const after = await revalidate(url, since);
    expect(after.status).toBe(200);
    expect(Date.parse(after.lastModified)).toBeGreaterThan(Date.parse(since));
  });
});

describe('answerModifiedAt', () => {
  it('takes the latest of what the answer depends on', () => {
    const original = { mtime_ms: 5, scanned_at: 10, focal_at: null };
    expect(answerModifiedAt({ original, pipelineSince: 1 })).toBe(10);
    expect(answerModifiedAt({ original: { ...original, focal_at: 20 }, pipelineSince: 1 })).toBe(
      20,
    );
    expect(answerModifiedAt({ original, presetUpdatedAt: 30, pipelineSince: 1 })).toBe(30);
    expect(answerModifiedAt({ original, pipelineSince: 40 })).toBe(40);
    // A file copied in with an older mtime: the catalog recorded its bytes later.
    expect(answerModifiedAt({ original: { ...original, mtime_ms: 50 }, pipelineSince: 1 })).toBe(
      50,
    );
  });
});
