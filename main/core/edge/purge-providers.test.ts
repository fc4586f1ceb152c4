/**
 * The purger against STAND-INS for Fastly, Cloudflare and CloudFront (and a webhook): one local
 * HTTP server on 127.0.0.1 that checks each request against the provider's published API
 * (method, path, headers, body) and answers as the provider does. They are not the providers:
 * nothing here leaves loopback. Varnish is tested for real in varnish.test.ts.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../catalog/database.js';
import { makeTempDir } from '../test-support/fixtures.js';
import { AnsweredPaths } from './answered-paths.js';
import { parsePurgeTarget } from './purge-target.js';
import { Purger } from './purger.js';

interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How the stand-in answers a request it accepted; a failed check answers 400 with why. */
type Check = (request: Seen) => { status: number; body: string };

let standIn: http.Server;
let base: string;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let catalogs = 0;
const opened: Db[] = [];

/** A catalog of its own on disk (the paths live in url_answers). */
function catalog(file = `catalog-${(catalogs += 1)}.db`): Db {
  const db = openDatabase(path.join(tmp.dir, file));
  opened.push(db);
  return db;
}
let check: Check = () => ({ status: 500, body: 'no check set' });
const seen: Seen[] = [];
const problems: string[] = [];

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-purge-');
  standIn = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const request = { method: req.method!, path: req.url!, headers: req.headers, body };
      seen.push(request);
      try {
        const answer = check(request);
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body);
      } catch (error) {
        problems.push((error as Error).message);
        res.writeHead(400).end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => standIn.close(() => resolve()));
  for (const db of opened) if (db.open) db.close();
  await tmp?.cleanup();
});

function assert(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

function purgerFor(
  target: string,
  env: NodeJS.ProcessEnv,
  answered = new AnsweredPaths(catalog(), 100),
) {
  const registry = new Registry();
  const log: string[] = [];
  const purger = new Purger({
    targets: [parsePurgeTarget(target)],
    registry,
    answered,
    env,
    log: (line) => log.push(line),
    batchMs: 10,
    backoffBaseMs: 5,
  });
  const count = async (outcome: string) => {
    const line = (await registry.metrics())
      .split('\n')
      .find((l) => l.startsWith('thumbdesk_purge_requests_total{') && l.includes(`"${outcome}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return { purger, log, count };
}

const keys = (n: number) =>
  Array.from({ length: n }, (_, i) => `o-${i.toString(16).padStart(16, '0')}`);

function reset(next: Check) {
  seen.length = 0;
  problems.length = 0;
  check = next;
}

describe('purge stand-ins', () => {
  it('Fastly (stand-in): POST /service/{id}/purge, Fastly-Key, Surrogate-Key, 256 keys a request', async () => {
    reset((r) => {
      assert(r.method === 'POST', `method ${r.method}`);
      assert(r.path === '/service/SU1Z0isxPaozGVKXdv0eY/purge', `path ${r.path}`);
      assert(r.headers['fastly-key'] === 'fastly-token', 'Fastly-Key');
      const sent = String(r.headers['surrogate-key']).split(' ');
      assert(sent.length >= 1 && sent.length <= 256, `${sent.length} keys`);
      assert(
        sent.every((k) => /^o-[0-9a-f]{16}$/.test(k)),
        'key syntax',
      );
      return { status: 200, body: JSON.stringify({ status: 'ok' }) };
    });
    const { purger, log, count } = purgerFor(`fastly:${base}/service/SU1Z0isxPaozGVKXdv0eY`, {
      FASTLY_API_TOKEN: 'fastly-token',
    });
    purger.purge(keys(300));
    await purger.settled();
    expect(problems).toEqual([]);
    expect(seen).toHaveLength(2);
    const sent = seen.flatMap((r) => String(r.headers['surrogate-key']).split(' '));
    expect(sent.sort()).toEqual(keys(300).sort());
    expect(await count('ok')).toBe(2);
    expect(log.join('\n')).toMatch(/purge fastly:127\.0\.0\.1:\d+: 300 key/);
    // The token never reaches the log.
    expect(log.join('\n')).not.toContain('fastly-token');
  });

  it('Cloudflare (stand-in): POST /zones/{zone}/purge_cache with {"tags"} and a bearer token', async () => {
    reset((r) => {
      assert(r.method === 'POST', `method ${r.method}`);
      assert(r.path === '/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353/purge_cache', r.path);
      assert(r.headers.authorization === 'Bearer cf-token', 'Authorization');
      assert(r.headers['content-type'] === 'application/json', 'Content-Type');
      const body = JSON.parse(r.body) as { tags?: unknown };
      assert(Object.keys(body).join() === 'tags', 'body has only tags');
      assert(Array.isArray(body.tags) && body.tags.length <= 30, 'at most 30 tags');
      return {
        status: 200,
        body: JSON.stringify({ success: true, errors: [], messages: [], result: { id: 'x' } }),
      };
    });
    const { purger, count } = purgerFor(
      `cloudflare:${base}/client/v4/zones/023e105f4ecef8ad9ca31a8372d0c353`,
      { CLOUDFLARE_API_TOKEN: 'cf-token' },
    );
    purger.purge(keys(31));
    await purger.settled();
    expect(problems).toEqual([]);
    expect(seen.map((r) => (JSON.parse(r.body) as { tags: string[] }).tags.length)).toEqual([
      30, 1,
    ]);
    expect(await count('ok')).toBe(2);
  });

  it('CloudFront (stand-in): a signed CreateInvalidation naming the paths answered for the keys', async () => {
    reset((r) => {
      assert(r.method === 'POST', `method ${r.method}`);
      assert(r.path === '/2020-05-31/distribution/EDFDVBD6EXAMPLE/invalidation', r.path);
      assert(r.headers['content-type'] === 'application/xml', 'Content-Type');
      assert(/^\d{8}T\d{6}Z$/.test(String(r.headers['x-amz-date'])), 'X-Amz-Date');
      assert(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/cloudfront\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/.test(
          String(r.headers.authorization),
        ),
        `Authorization ${r.headers.authorization}`,
      );
      const quantity = /<Paths><Quantity>(\d+)<\/Quantity><Items>(.*)<\/Items><\/Paths>/.exec(
        r.body,
      );
      assert(r.body.includes('xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/"'), 'xmlns');
      assert(/<CallerReference>[^<]+<\/CallerReference>/.test(r.body), 'CallerReference');
      assert(quantity !== null, 'Paths');
      const items = quantity![2]!.match(/<Path>\/[^<]*<\/Path>/g) ?? [];
      assert(items.length === Number(quantity![1]), 'Quantity matches Items');
      return {
        status: 201,
        body: '<Invalidation><Id>I2J0I21PCUYOIK</Id><Status>InProgress</Status></Invalidation>',
      };
    });
    // Answered by one serve, purged by the next: the paths outlive the process in the catalog.
    const before = catalog('restarted.db');
    const answered = new AnsweredPaths(before, 100);
    answered.record('/insecure/w:100/plain/local:///photos/a.jpg', ['o-000000000000000a']);
    answered.record('/insecure/w:200/plain/local:///photos/a.jpg', ['o-000000000000000a']);
    answered.record('/insecure/w:100/plain/local:///photos/b.jpg', ['o-000000000000000b']);
    before.close();
    const { purger, count } = purgerFor(
      `cloudfront:${base}/2020-05-31/distribution/EDFDVBD6EXAMPLE`,
      { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret' },
      new AnsweredPaths(catalog('restarted.db'), 100),
    );
    purger.purge(['o-000000000000000a']);
    await purger.settled();
    expect(problems).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toContain('<Quantity>2</Quantity>');
    expect(seen[0]!.body).toContain('<Path>/insecure/w:200/plain/local:///photos/a.jpg</Path>');
    expect(seen[0]!.body).not.toContain('b.jpg');
    expect(await count('ok')).toBe(1);
  });

  it('a webhook gets the keys and paths as JSON, signed with its secret', async () => {
    reset((r) => {
      const mac = createHmac('sha256', 'hook-secret').update(r.body).digest('hex');
      assert(r.headers['x-thumbdesk-signature'] === `sha256=${mac}`, 'signature');
      return { status: 204, body: '' };
    });
    const answered = new AnsweredPaths(catalog(), 100);
    answered.record('/x/a.jpg', ['o-000000000000000a']);
    const { purger } = purgerFor(
      `webhook:${base}/hooks/thumbdesk`,
      { THUMBDESK_PURGE_WEBHOOK_SECRET: 'hook-secret' },
      answered,
    );
    purger.purge(['o-000000000000000a', 'p-00000000000000ff']);
    await purger.settled();
    expect(problems).toEqual([]);
    expect(seen[0]!.path).toBe('/hooks/thumbdesk');
    expect(JSON.parse(seen[0]!.body)).toEqual({
      keys: ['o-000000000000000a', 'p-00000000000000ff'],
      paths: ['/x/a.jpg'],
    });
  });

  it('retries 5xx and 429 with backoff, gives up at once on a 4xx, and counts both', async () => {
    let calls = 0;
    reset(() => {
      calls += 1;
      return calls <= 2
        ? { status: calls === 1 ? 503 : 429, body: '{}' }
        : { status: 200, body: '{}' };
    });
    const flaky = purgerFor(`fastly:${base}/service/S`, { FASTLY_API_TOKEN: 't' });
    flaky.purger.purge(['o-0000000000000001']);
    await flaky.purger.settled();
    expect(calls).toBe(3);
    expect(await flaky.count('retried')).toBe(2);
    expect(await flaky.count('ok')).toBe(1);

    reset(() => ({ status: 403, body: '{"msg":"bad token"}' }));
    const refused = purgerFor(`fastly:${base}/service/S`, { FASTLY_API_TOKEN: 't' });
    refused.purger.purge(['o-0000000000000001']);
    await refused.purger.settled();
    expect(seen).toHaveLength(1);
    expect(await refused.count('failed')).toBe(1);
    expect(refused.log.join('\n')).toMatch(/failed after 1 try: HTTP 403/);
  });

  it('sends nothing and says which variable is missing when a credential is not set', async () => {
    reset(() => ({ status: 200, body: '{}' }));
    const { purger, log, count } = purgerFor(`cloudflare:${base}/client/v4/zones/z`, {});
    purger.purge(['o-0000000000000001']);
    await purger.settled();
    expect(seen).toHaveLength(0);
    expect(await count('failed')).toBe(1);
    expect(log.join('\n')).toContain('CLOUDFLARE_API_TOKEN is not set');
  });
});
