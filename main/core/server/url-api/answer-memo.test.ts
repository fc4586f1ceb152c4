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
import { acceptedFormats } from './accept.js';
import { AnswerMemo, type ResolvedAnswer } from './answer-memo.js';

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

const sleepUntil = async (ms: number) => {
  while (Date.now() < ms) await new Promise((resolve) => setTimeout(resolve, ms - Date.now()));
};

describe('expires', () => {
  it('is refused from the first millisecond past it, though the memo remembered the URL', async () => {
    // Rendered beforehand (the same spec without expires), so the remembered request is quick.
    expect((await get(server, '/insecure/w:40/plain/local:///photos/land.jpg@png')).status).toBe(
      200,
    );
    // Remembered 300 ms before its second ends: the memo's time to live (a second) would reach
    // well past it.
    const at = Math.ceil((Date.now() + 1000) / 1000);
    const url = `/insecure/exp:${at}/w:40/plain/local:///photos/land.jpg@png`;
    await sleepUntil(at * 1000 - 300);
    expect((await get(server, url)).status).toBe(200);
    await sleepUntil(at * 1000 + 1);
    const expired = await get(server, url);
    expect([expired.status, expired.body.toString().trim()]).toEqual([400, 'this URL has expired']);
  });
});

// Answers whose file is never looked at again (fileRecheckMs: Infinity).
const answer = { original: { absPath: '/nowhere', row: {} } } as unknown as ResolvedAnswer;
const other = { ...answer };
const NONE = acceptedFormats(undefined);
const WEBP = acceptedFormats('image/webp,*/*');

describe('looking a URL up again ahead of its expiry', () => {
  it('asks once, from half the time to live on, and keeps answering meanwhile', () => {
    const memo = new AnswerMemo(10, 1000, Infinity);
    memo.set('a', NONE, answer, 0);
    expect(memo.claimRefresh('a', NONE, 499)).toBe(false);
    expect(memo.claimRefresh('a', NONE, 500)).toBe(true);
    expect(memo.claimRefresh('a', NONE, 600)).toBe(false);
    expect(memo.get('a', NONE, 999)).toBe(answer);
    // Nothing came back in time: the entry expires as it would have.
    expect(memo.get('a', NONE, 1000)).toBeUndefined();
  });

  it('starts over with a fresh answer, and forgets one whose lookup failed', () => {
    const memo = new AnswerMemo(10, 1000, Infinity);
    memo.set('a', NONE, answer, 0);
    expect(memo.claimRefresh('a', NONE, 700)).toBe(true);
    const fresh = { ...answer };
    memo.set('a', NONE, fresh, 710);
    expect(memo.get('a', NONE, 1500)).toBe(fresh);
    expect(memo.claimRefresh('a', NONE, 1209)).toBe(false);
    expect(memo.claimRefresh('a', NONE, 1210)).toBe(true);
    memo.delete('a', NONE);
    expect(memo.get('a', NONE, 1211)).toBeUndefined();
    expect(memo.claimRefresh('a', NONE, 1211)).toBe(false);
  });
});

describe('remembering by path and accepted formats', () => {
  it('keeps one answer per list of formats for a path, each forgotten on its own', () => {
    const memo = new AnswerMemo(10, 1000, Infinity);
    memo.set('/a', NONE, answer, 0);
    memo.set('/a', WEBP, other, 0);
    expect(memo.get('/a', NONE, 1)).toBe(answer);
    // Another header naming the same formats finds the same answer.
    expect(memo.get('/a', acceptedFormats('image/webp'), 1)).toBe(other);
    expect(memo.get('/b', NONE, 1)).toBeUndefined();
    memo.delete('/a', NONE);
    expect(memo.get('/a', NONE, 2)).toBeUndefined();
    expect(memo.get('/a', WEBP, 2)).toBe(other);
  });

  it('holds at most its bound of answers, the paths set longest ago going first', () => {
    const memo = new AnswerMemo(3, 1000, Infinity);
    memo.set('/a', NONE, answer, 0);
    memo.set('/a', WEBP, answer, 0);
    memo.set('/b', NONE, answer, 0);
    // Setting an answer again is no new answer, and moves its path to the young end.
    for (let i = 0; i < 3; i += 1) memo.set('/a', NONE, answer, 0);
    memo.set('/c', NONE, answer, 0);
    expect(memo.get('/b', NONE, 1)).toBeUndefined();
    expect(memo.get('/a', NONE, 1)).toBe(answer);
    expect(memo.get('/a', WEBP, 1)).toBe(answer);
    expect(memo.get('/c', NONE, 1)).toBe(answer);
    // Now /a is the oldest: both its answers go, which leaves room for one more.
    memo.set('/d', NONE, answer, 0);
    expect(memo.get('/a', NONE, 1)).toBeUndefined();
    expect(memo.get('/a', WEBP, 1)).toBeUndefined();
    memo.set('/e', NONE, answer, 0);
    expect(memo.get('/c', NONE, 1)).toBe(answer);
    expect(memo.get('/d', NONE, 1)).toBe(answer);
    expect(memo.get('/e', NONE, 1)).toBe(answer);
  });

  it('counts a forgotten or expired answer out once, however often it is forgotten', () => {
    const memo = new AnswerMemo(2, 1000, Infinity);
    memo.set('/a', NONE, answer, 0);
    memo.delete('/a', NONE);
    memo.delete('/a', NONE);
    memo.delete('/a', WEBP);
    memo.set('/x', NONE, answer, 0);
    expect(memo.get('/x', NONE, 1000)).toBeUndefined();
    expect(memo.get('/x', NONE, 1000)).toBeUndefined();
    memo.set('/b', NONE, answer, 1000);
    memo.set('/c', NONE, answer, 1000);
    memo.set('/d', NONE, answer, 1000);
    expect(memo.get('/b', NONE, 1001)).toBeUndefined();
    expect(memo.get('/c', NONE, 1001)).toBe(answer);
    expect(memo.get('/d', NONE, 1001)).toBe(answer);
  });
});
