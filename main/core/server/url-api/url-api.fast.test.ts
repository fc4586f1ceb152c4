/**
 * The URL API on the fast lane, mounted on the HTTP host as `serve` mounts it: cached answers
 * are the same bytes node:http writes for them (the Date aside), counted and reported alike,
 * behind the same Host guard, and as fresh: a changed original reaches them as it reaches
 * node:http's. Two hosts share one API (one memo, one cache); only one has the lane.
 */
import { copyFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../library/library.js';
import { ThumbdeskService } from '../../service/service.js';
import { copyFixtures, fixture, makeTempDir } from '../../test-support/fixtures.js';
import { exchange, type RawResponse } from '../../test-support/raw-http.js';
import { metric } from '../../test-support/url-api-server.js';
import { createUrlCatalogOwner } from '../../url-catalog/owner.js';
import { startHttpHost, type HttpHost } from '../http-host.js';
import { URL_API_DEFAULTS } from './defaults.js';
import { createUrlApi, type UrlApi } from './url-api.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let service: ThumbdeskService;
let api: UrlApi;
let lane: HttpHost;
let slow: HttpHost;
let photos: string;
/** Requests the lane answered itself. */
let laneAnswers = 0;
const reported: string[] = [];

const portOf = (host: HttpHost) => Number(new URL(host.origin).port);

/** One connection to `host` carrying `requests` (pipelined when several), read raw. */
async function ask(
  host: HttpHost,
  requests: readonly { target: string; method?: string; headers?: string }[],
): Promise<RawResponse[]> {
  const port = portOf(host);
  const text = requests
    .map(
      ({ target, method = 'GET', headers = '' }) =>
        `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers}\r\n`,
    )
    .join('');
  const head = requests.every((r) => r.method === 'HEAD');
  const result = await exchange(port, Buffer.from(text), {
    answers: requests.length,
    head,
    timeoutMs: 30_000,
  });
  return result.responses;
}

const undated = (response: RawResponse) => response.head.replace(/\r\nDate: [^\r]*/, '');

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-url-fast-');
  photos = path.join(tmp.dir, 'photos');
  await copyFixtures(photos, [
    ['Landscape_1.jpg', 'land.jpg'],
    ['Portrait_1.jpg', 'changing.jpg'],
  ]);
  const library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
  await library.addSource(photos);
  service = new ThumbdeskService(library);
  api = createUrlApi(createUrlCatalogOwner(library), library, {
    listenHost: '127.0.0.1',
    autoWebp: true,
    onAnswer: (answered) => reported.push(answered),
    log: () => undefined,
  });
  const start = () =>
    startHttpHost(service, {
      rendererDir: path.join(tmp.dir, 'renderer'),
      uploadsDir: path.join(library.dir, 'uploads'),
      port: 0,
      log: () => undefined,
    });
  lane = await start();
  slow = await start();
  lane.mount(api.handle, {
    anyHost: api.answersAnyHost,
    fast: (request, write, mayWait) => {
      const done = api.answerFast(request, write, mayWait);
      if (done === true) laneAnswers += 1;
      return done;
    },
  });
  slow.mount(api.handle, { anyHost: api.answersAnyHost });
});

afterAll(async () => {
  await lane?.close();
  await slow?.close();
  await api?.close();
  await service?.shutdown();
  service?.library.close();
  await tmp?.cleanup();
});

const NEGOTIATED = '/insecure/rs:fit:64:64/plain/local:///photos/land.jpg';
const PNG = '/insecure/w:40/fn:small%20one/plain/local:///photos/land.jpg@png';

describe('URL API on the fast lane', () => {
  it('answers cached URLs with the bytes node:http writes, Vary and Content-Disposition included', async () => {
    const [warm] = await ask(slow, [{ target: NEGOTIATED, headers: 'Accept: image/webp\r\n' }]);
    const etag = /\r\nETag: ("[^"]+")/.exec(warm!.head)![1]!;
    const lastModified = /\r\nLast-Modified: ([^\r]+)/.exec(warm!.head)![1]!;
    // Rendered by now; resolved again (a render can outlast the memo's second), so remembered.
    const resolved = [
      { target: NEGOTIATED, headers: 'Accept: image/webp\r\n' },
      { target: NEGOTIATED },
      { target: PNG },
    ];
    await ask(slow, resolved);
    await ask(slow, resolved);
    const cases = [
      { target: NEGOTIATED, headers: 'Accept: image/webp\r\n' },
      { target: NEGOTIATED },
      { target: PNG },
      { target: PNG, method: 'HEAD' },
      { target: NEGOTIATED, headers: `Accept: image/webp\r\nIf-None-Match: W/"x", ${etag}\r\n` },
      {
        target: NEGOTIATED,
        headers: `Accept: image/webp\r\nIf-Modified-Since: ${lastModified}\r\n`,
      },
      { target: NEGOTIATED, headers: 'Accept: image/webp\r\nIf-None-Match: "other"\r\n' },
    ];
    for (const request of cases) {
      const before = laneAnswers;
      const [fast] = await ask(lane, [request]);
      const [node] = await ask(slow, [request]);
      expect(undated(fast!), JSON.stringify(request)).toBe(undated(node!));
      expect(fast!.body.equals(node!.body)).toBe(true);
      expect(laneAnswers, JSON.stringify(request)).toBe(before + 1);
    }
    const [webp, jpeg, png] = await ask(lane, cases.slice(0, 3));
    expect(webp!.head).toMatch(/\r\nContent-Type: image\/webp\r\n/);
    expect(webp!.head).toMatch(/\r\nVary: Accept\r\n/);
    expect(jpeg!.head).toMatch(/\r\nContent-Type: image\/jpeg\r\n/);
    expect(png!.head).toMatch(/\r\nContent-Disposition: inline; filename="small%20one.png"\r\n/);
    const [notModified] = await ask(lane, [cases[4]!]);
    expect(notModified!.status).toBe(304);
  });

  it('counts and reports its answers as node:http answers do', async () => {
    await ask(slow, [{ target: PNG }]);
    const answered = () => metric({ api }, 'thumbdesk_url_requests_total', '{status="200"}');
    const hits = () => metric({ api }, 'thumbdesk_url_cache_hits_total');
    const before = { answered: await answered(), hits: await hits(), lane: laneAnswers };
    reported.length = 0;
    const replies = await ask(lane, [{ target: PNG }, { target: PNG }, { target: PNG }]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(laneAnswers - before.lane).toBe(3);
    expect((await answered()) - before.answered).toBe(3);
    expect((await hits()) - before.hits).toBe(3);
    expect(reported).toEqual([PNG, PNG, PNG]);
  });

  it('looks up a URL it does not remember and then answers it on the lane', async () => {
    await ask(slow, [{ target: PNG }]);
    // Another Accept is another memo entry for the same result (the URL names its format).
    const request = { target: PNG, headers: 'Accept: image/avif\r\n' };
    const before = laneAnswers;
    const [fast] = await ask(lane, [request, { target: PNG }]);
    expect(laneAnswers).toBe(before + 2);
    const [node] = await ask(slow, [request]);
    expect(undated(fast!)).toBe(undated(node!));
    expect(fast!.body.equals(node!.body)).toBe(true);
  });

  it('leaves a foreign Host to the Host guard (403) and a render to node:http', async () => {
    const before = laneAnswers;
    const foreign = await exchange(
      portOf(lane),
      Buffer.from(`GET ${PNG} HTTP/1.1\r\nHost: evil.example\r\n\r\n`),
    );
    expect(foreign.responses[0]!.status).toBe(403);
    const [miss] = await ask(lane, [{ target: PNG.replace('w:40', 'w:41') }]);
    expect(miss!.status).toBe(200);
    expect(laneAnswers).toBe(before);
  });

  it('answers a changed original fresh, as node:http does', async () => {
    const url = '/insecure/w:30/plain/local:///photos/changing.jpg@png';
    await ask(slow, [{ target: url }]);
    const [before] = await ask(lane, [{ target: url }]);
    const etagOf = (r: RawResponse) => /\r\nETag: ([^\r]+)/.exec(r.head)![1];
    const target = path.join(photos, 'changing.jpg');
    const { mtime } = await stat(target);
    await copyFile(fixture('Landscape_1.jpg'), target);
    await utimes(target, mtime, new Date(mtime.getTime() + 5000));
    // The file is looked at again once its last look is this old (see AnswerMemo).
    await new Promise((resolve) => setTimeout(resolve, URL_API_DEFAULTS.fileRecheckMs + 10));
    const answered = laneAnswers;
    const [after] = await ask(lane, [{ target: url }]);
    expect(etagOf(after!)).not.toBe(etagOf(before!));
    // The lane found its answer stale and let node:http resolve the URL again.
    expect(laneAnswers).toBe(answered);
    const [again] = await ask(lane, [{ target: url }]);
    expect(etagOf(again!)).toBe(etagOf(after!));
    expect(laneAnswers).toBe(answered + 1);
  });
});
