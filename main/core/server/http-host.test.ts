import { request } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { ThumbdeskService } from '../service/service.js';
import { copyFixtures, fixture, makeTempDir } from '../test-support/fixtures.js';
import { ISSUE_TARGETS } from '../test-support/fuzz-corpus.js';
import { exchange } from '../test-support/raw-http.js';
import { startHttpHost, type HttpHost } from './http-host.js';
import { parseSigningPairs, signPath, type SigningPair } from './url-api/signature.js';
import { createUrlApi, type UrlApi } from './url-api/url-api.js';
import { createUrlCatalogOwner } from '../url-catalog/owner.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let service: ThumbdeskService;
let host: HttpHost;

/** A raw request, so that Host and path reach the server exactly as written. */
function raw(
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const { port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject).end();
  });
}

function api(name: string, input: unknown = {}, token = host.token) {
  return fetch(`${host.origin}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
}

beforeAll(async () => {
  tmp = await makeTempDir();
  await copyFixtures(path.join(tmp.dir, 'photos'), ['Landscape_1.jpg', 'p3.png']);
  const rendererDir = path.join(tmp.dir, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Thumbdesk</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  service = new ThumbdeskService(Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 }));
  host = await startHttpHost(service, {
    rendererDir,
    uploadsDir: path.join(service.library.dir, 'uploads'),
    port: 0,
    log: () => undefined,
  });
  host.mount(async (req, res) => {
    if (req.url !== '/extra/hello') return false;
    res.end('mounted');
    return true;
  });
  await api('addSource', { path: path.join(tmp.dir, 'photos') });
  await service.jobs.idle();
});

afterAll(async () => {
  await host.close();
  await service.shutdown();
  service.library.close();
  await tmp.cleanup();
});

describe('HTTP host', () => {
  it('prints a loopback URL with the token in its fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{32}$/);
  });

  it('serves the renderer with a strict CSP', async () => {
    const page = await fetch(`${host.origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Thumbdesk</title>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${host.origin}/assets/app.js`)).headers.get('content-type')).toMatch(
      /javascript/,
    );
    expect((await raw('/assets/../../library/catalog.sqlite')).status).toBe(404);
  });

  it('refuses API calls without the right token', async () => {
    expect((await api('status', {}, 'wrong')).status).toBe(401);
    const bare = await fetch(`${host.origin}/api/status`, { method: 'POST', body: '{}' });
    expect(bare.status).toBe(401);
    const ok = await api('status');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ sources: 1, originals: { total: 2 } });
  });

  it('refuses a Host header it does not answer to', async () => {
    const auth = { Authorization: `Bearer ${host.token}` };
    const port = new URL(host.origin).port;
    expect((await raw('/', { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await raw('/api/events', { ...auth, Host: `evil.example:${port}` })).status).toBe(403);
    expect((await raw('/', { Host: `localhost:${port}` })).status).toBe(200);
  });

  it('answers invalid input with 400 naming the field', async () => {
    const res = await api('savePreset', { preset: { name: 'card', width: 0 } });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(error.code).toBe('invalid-input');
    expect(error.issues.map((i) => i.path)).toContain('preset.width');
    expect((await api('nope')).status).toBe(404);
    const notJson = await fetch(`${host.origin}/api/status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('refuses JSON nested past the limit with 400 and a reason, before parsing it', async () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const res = await fetch(`${host.origin}/api/status`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
      body: deep,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'invalid-input', message: 'the JSON nests deeper than 64 levels' },
    });
    expect((await api('status')).status).toBe(200);
  });

  it('refuses a JSON body past its size with 413, before reading it', async () => {
    const port = Number(new URL(host.origin).port);
    const head =
      `POST /api/status HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Authorization: Bearer ${host.token}\r\nContent-Length: ${5 * 1024 * 1024}\r\n\r\n`;
    const reply = (await exchange(port, Buffer.from(head))).responses[0];
    expect(reply?.status).toBe(413);
    expect(reply?.body.toString()).toContain('the request is larger than 4194304 bytes');
  });

  it('answers 100,000 bad ids with a small error body', async () => {
    const res = await api('setExcluded', { ids: Array(100_000).fill('x'), excluded: true });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(body.length).toBeLessThan(10_000);
    expect(body).toContain('and 99980 more');
  });

  it('answers only GET and HEAD on the UI and media routes (405 with Allow)', async () => {
    for (const [method, where] of [
      ['POST', '/'],
      ['DELETE', '/index.html'],
      ['PUT', '/assets/app.js'],
      ['POST', `/media/original/1?token=${host.token}`],
    ] as const) {
      const res = await fetch(`${host.origin}${where}`, { method });
      expect(res.status, `${method} ${where}`).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
    expect((await fetch(`${host.origin}/`, { method: 'HEAD' })).status).toBe(200);
  });

  it('streams job progress as server-sent events', async () => {
    await api('savePreset', { preset: { name: 'small', width: 100, formats: ['webp'] } });
    const controller = new AbortController();
    const stream = await fetch(`${host.origin}/api/events?token=${host.token}`, {
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const job = (await (await api('generate')).json()) as { id: number };
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!/"state":"done"/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: jobProgress'))
      .map((block) => JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { id: number });
    expect(events.filter((e) => e.id === job.id).length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/"done":2,"failed":0,"total":2/);
  });

  it('serves library media with the token, and nothing outside the library', async () => {
    const page = (await (await api('listOriginals', { search: 'Landscape' })).json()) as {
      items: { media: string; thumb: string }[];
    };
    const original = page.items[0]!;
    // Media paths carry their own version query (`?v=`); the token joins it.
    const withToken = (media: string) => {
      const url = new URL(`/media/${media}`, host.origin);
      url.searchParams.set('token', host.token);
      return url;
    };
    const bytes = await fetch(withToken(original.media));
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await bytes.arrayBuffer())).toEqual(
      await readFile(fixture('Landscape_1.jpg')),
    );
    const thumb = await fetch(withToken(original.thumb));
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    expect((await fetch(`${host.origin}/media/${original.media}`)).status).toBe(401);
    for (const bad of [
      '/media/derivative/../../catalog.sqlite',
      '/media/derivative/%2e%2e/catalog.sqlite',
      '/media/original/../../../etc/passwd',
      '/media/..%2f..%2fcatalog.sqlite',
    ]) {
      expect((await raw(`${bad}?token=${host.token}`)).status, bad).toBe(404);
    }
  });

  it('takes browser uploads into the uploads source', async () => {
    const form = new FormData();
    form.append('name', 'trip/flowers.jpeg');
    form.append('file', new Blob([await readFile(fixture('flowers.jpeg'))]), 'flowers.jpeg');
    const res = await fetch(`${host.origin}/api/uploadFiles`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: form,
    });
    expect(res.status).toBe(200);
    await service.jobs.idle();
    const sources = (await (await api('listSources')).json()) as {
      name: string;
      uploads: boolean;
    }[];
    expect(sources.find((s) => s.uploads)?.name).toBe('uploads');
    const list = (await (await api('listOriginals', { source: 'uploads' })).json()) as {
      items: { path: string }[];
    };
    expect(list.items.map((o) => o.path)).toEqual(['trip/flowers.jpeg']);

    const climbing = new FormData();
    climbing.append('name', '../escape.jpeg');
    climbing.append('file', new Blob([new Uint8Array([1, 2, 3])]));
    const refused = await fetch(`${host.origin}/api/uploadFiles`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${host.token}` },
      body: climbing,
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('files.0.name');
  });

  it('leaves other paths to mounted handlers', async () => {
    expect(await (await fetch(`${host.origin}/extra/hello`)).text()).toBe('mounted');
    expect((await fetch(`${host.origin}/extra/other`)).status).toBe(404);
  });
});

interface Served {
  host: HttpHost;
  api: UrlApi;
  port: number;
  /** A GET written byte for byte, for targets an HTTP client would refuse or rewrite. */
  get(target: string, headers?: string): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** A host as `serve` runs it, on the suite's service: the URL API mounted as `serve` does. */
async function serveWith(
  options: {
    keys?: SigningPair[];
    allowedHosts?: string[];
    privateMetrics?: boolean;
    log?: (line: string) => void;
  } = {},
): Promise<Served> {
  const served = await startHttpHost(service, {
    rendererDir: path.join(tmp.dir, 'renderer'),
    uploadsDir: path.join(service.library.dir, 'uploads'),
    port: 0,
    allowedHosts: options.allowedHosts,
    log: options.log ?? (() => undefined),
  });
  const api = createUrlApi(createUrlCatalogOwner(service.library), service.library, {
    listenHost: '127.0.0.1',
    keys: options.keys,
    metricsToken: options.privateMetrics ? served.token : undefined,
    log: () => undefined,
  });
  served.mount(api.handle, { anyHost: api.answersAnyHost });
  const port = Number(new URL(served.origin).port);
  return {
    host: served,
    api,
    port,
    async get(target, headers = `Host: 127.0.0.1:${port}`) {
      const request = Buffer.from(`GET ${target} HTTP/1.1\r\n${headers}\r\n\r\n`, 'latin1');
      // Renders share two cores with other suites: wait as long as a test may.
      const reply = (await exchange(port, request, { timeoutMs: 30_000 })).responses[0];
      return { status: reply?.status ?? 0, body: reply?.body.toString('utf8') ?? '' };
    },
    async close() {
      await served.close();
      await api.close();
    },
  };
}

describe('request targets', () => {
  // With a handler that has a bug, for a path the URL API leaves alone.
  let served: Served;
  const logged: string[] = [];
  beforeAll(async () => {
    served = await serveWith({ log: (line) => logged.push(line) });
    served.host.mount(async (req) => {
      if (req.url === '/bug') throw new Error('a bug in a handler');
      return false;
    });
  });
  afterAll(() => served.close());
  const port = () => served.port;
  const get = (target: string, headers?: string) => served.get(target, headers);

  it('answers every target without losing the process, and /healthz after each', async () => {
    for (const target of ISSUE_TARGETS) {
      const reply = await get(target);
      expect(reply.status, target).toBeGreaterThanOrEqual(400);
      expect(reply.status, target).toBeLessThan(500);
      expect(reply.body, target).not.toMatch(/\n\s+at |\/work\/|\/tmp\//);
      expect((await get('/healthz')).status, `/healthz after ${target}`).toBe(200);
    }
  });

  it('answers 400 to targets that are neither a path nor an http URL', async () => {
    for (const target of ['http://a:b/', 'https://a:99999/', 'http://user@127.0.0.1/', '*', 'x']) {
      const reply = await get(target);
      expect(reply.status, target).toBe(400);
    }
  });

  it('reads absolute-form targets, their authority in place of the Host header', async () => {
    const healthz = await get(`http://127.0.0.1:${port()}/healthz`);
    expect(healthz.status).toBe(200);
    expect(healthz.body).toBe('ok\n');
    expect((await get(`HTTP://LOCALHOST:${port()}`)).status).toBe(200);
    // RFC 9112 §3.2.2: the target's authority counts, whatever the Host header says.
    expect((await get(`http://evil.example:${port()}/`)).status).toBe(403);
  });

  it('keeps a URL API refusal to one bounded line, however long the URL', async () => {
    const reply = await get(`/insecure/g:${'x'.repeat(12_000)}/plain/local:///photos/a.jpg`);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(/^gravity "x+/);
    expect(reply.body.length).toBeLessThanOrEqual(1001);
  });

  it('answers a bug with 500 and logs its stack once', async () => {
    logged.length = 0;
    const reply = await get('/bug');
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain('a bug in a handler');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/GET \/bug: Error: a bug in a handler\n\s+at /);
    expect((await get('/healthz')).status).toBe(200);
  });
});

describe('the Host check', () => {
  const pair = parseSigningPairs(['aa'], ['bb'])[0]!;
  const image = '/w:10/plain/local:///photos/Landscape_1.jpg';
  const servers: Served[] = [];
  const start = async (options: Parameters<typeof serveWith>[0]) => {
    const served = await serveWith(options);
    servers.push(served);
    return served;
  };
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  it('covers every route in keyless mode: UI, URL API, /metrics and /healthz', async () => {
    const served = await start({});
    const foreign = `Host: evil.example:${served.port}`;
    for (const target of ['/', '/healthz', '/metrics', `/insecure${image}`, '/nothing/here']) {
      const refused = await served.get(target, foreign);
      expect(refused.status, target).toBe(403);
      expect(refused.body, target).toContain('unexpected Host header');
      expect((await served.get(`http://evil.example:${served.port}${target}`)).status).toBe(403);
    }
    expect((await served.get('/healthz', `Host: localhost:${served.port}`)).status).toBe(200);
    expect((await served.get('/metrics')).status).toBe(200);
    expect((await served.get(`/insecure${image}`)).status).toBe(200);
    // No Host at all (HTTP/1.0) is no name of ours either.
    const bare = await exchange(served.port, Buffer.from('GET /healthz HTTP/1.0\r\n\r\n'));
    expect(bare.responses[0]?.status).toBe(403);
  });

  it('answers the names given with --allowed-host, with any port or the one given', async () => {
    const served = await start({ allowedHosts: ['img.example.com', 'Admin.Example.com:8443'] });
    expect((await served.get('/healthz', 'Host: img.example.com')).status).toBe(200);
    expect((await served.get('/', 'Host: IMG.example.com:9000')).status).toBe(200);
    expect((await served.get('/healthz', 'Host: admin.example.com:8443')).status).toBe(200);
    expect((await served.get('/healthz', 'Host: admin.example.com')).status).toBe(403);
    expect((await served.get('/healthz', 'Host: evil.img.example.com')).status).toBe(403);
    expect((await served.get('/healthz', 'Host: img.example.com.evil')).status).toBe(403);
  });

  it('lets signed URLs answer any Host when a key is set, and nothing else', async () => {
    const served = await start({ keys: [pair] });
    const foreign = 'Host: images.example.com';
    const signed = `/${signPath(pair, image)}${image}`;
    expect((await served.get(signed, foreign)).status).toBe(200);
    for (const target of ['/', `/api/events?token=${served.host.token}`, '/metrics', '/healthz']) {
      expect((await served.get(target, foreign)).status, target).toBe(403);
    }
    expect((await served.get('/healthz')).status).toBe(200);
  });

  it('puts /metrics behind the admin token when asked', async () => {
    const served = await start({ privateMetrics: true });
    const host = `Host: 127.0.0.1:${served.port}`;
    const bare = await served.get('/metrics');
    expect(bare.status).toBe(401);
    expect(bare.body).toContain('admin token');
    expect((await served.get('/metrics', `${host}\r\nAuthorization: Bearer wrong`)).status).toBe(
      401,
    );
    const withHeader = await served.get(
      '/metrics',
      `${host}\r\nAuthorization: Bearer ${served.host.token}`,
    );
    expect(withHeader.status).toBe(200);
    expect(withHeader.body).toContain('thumbdesk_url_requests_total');
    expect((await served.get(`/metrics?token=${served.host.token}`)).status).toBe(200);
    expect((await served.get('/healthz')).status).toBe(200);
  });
});
