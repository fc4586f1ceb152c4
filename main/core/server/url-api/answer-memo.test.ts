/**
 * What lives only in the catalog (a preset's recipe, a focal point, an exclusion) reaches URL
 * answers within a second (README, "URL API"): the memo of resolved URLs keeps an answer no
 * longer than that. Tested at the production defaults, through HTTP.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../library/library.js';
import { copyFixtures, makeTempDir } from '../../test-support/fixtures.js';
import {
  get,
  startUrlApi,
  type Reply,
  type TestServer,
} from '../../test-support/url-api-server.js';

/** The bound the README promises. */
const PROMISED_MS = 1000;

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let server: TestServer;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-url-memo-');
  await copyFixtures(path.join(tmp.dir, 'photos'), [
    ['Landscape_1.jpg', 'land.jpg'],
    ['Portrait_1.jpg', 'other.jpg'],
  ]);
  library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
  await library.addSource(path.join(tmp.dir, 'photos'));
  library.savePreset({ name: 'card', width: 100, formats: ['png'] });
  library.savePreset({ name: 'focus', width: 60, height: 60, fit: 'cover', position: 'focal' });
  // Every option at its default: catalogRecheckMs is what users get.
  server = await startUrlApi(library, { listenHost: '127.0.0.1' });
});

afterAll(async () => {
  await server?.close();
  library?.close();
  await tmp?.cleanup();
});

const RECIPE = '/insecure/pr:card/plain/local:///photos/land.jpg@png';
const FOCAL = '/insecure/pr:focus/plain/local:///photos/land.jpg@png';
const EXCLUDED = '/insecure/w:50/plain/local:///photos/other.jpg@png';

describe('catalog changes reaching URL answers', () => {
  it('shows a new preset recipe, focal point and exclusion to the first request a second on', async () => {
    const before = await Promise.all([RECIPE, FOCAL, EXCLUDED].map((url) => get(server, url)));
    expect(before.map((r) => r.status)).toEqual([200, 200, 200]);
    // Each answer was remembered before its reply came: by now, at the latest.
    const resolvedAt = Date.now();

    library.savePreset({ name: 'card', width: 120, formats: ['png'] }, 'card');
    const [land, other] = library.originalIds(['photos/land.jpg', 'photos/other.jpg']);
    library.setFocalPoint(land!, 0.1, 0.1);
    library.exclude([other!]);

    // One promised interval after the answers were remembered, and no request in between.
    while (Date.now() <= resolvedAt + PROMISED_MS) {
      await new Promise((resolve) =>
        setTimeout(resolve, resolvedAt + PROMISED_MS + 1 - Date.now()),
      );
    }
    const after = await Promise.all([RECIPE, FOCAL, EXCLUDED].map((url) => get(server, url)));
    const [recipe, focal, excluded] = after as [Reply, Reply, Reply];
    expect(recipe.status).toBe(200);
    expect(recipe.headers.etag).not.toBe(before[0]!.headers.etag);
    expect(focal.status).toBe(200);
    expect(focal.headers.etag).not.toBe(before[1]!.headers.etag);
    expect(excluded.status).toBe(404);
    expect(excluded.body.toString()).toMatch(/excluded from the library/);
  });
});
