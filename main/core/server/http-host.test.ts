import { request } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { ThumbdeskService } from '../service/service.js';
import { copyFixtures, fixture, makeTempDir } from '../test-support/fixtures.js';
import { exchange } from '../test-support/raw-http.js';
import { startHttpHost, type HttpHost } from './http-host.js';
import { createUrlApi, type UrlApi } from './url-api/url-api.js';

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
  host = await startHttpHost(service, { rendererDir, port: 0, log: () => undefined });
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

describe('request targets', () => {
  // A host as `serve` runs it, with the URL API mounted, and a handler with a bug.
  let served: HttpHost;
  let urlApi: UrlApi;
  const logged: string[] = [];
  beforeAll(async () => {
    served = await startHttpHost(service, {
      rendererDir: path.join(tmp.dir, 'renderer'),
      port: 0,
      log: (line) => logged.push(line),
    });
    served.mount(async (req) => {
      if (req.url === '/extra/bug') throw new Error('a bug in a handler');
      return false;
    });
    urlApi = createUrlApi(service.library, { listenHost: '127.0.0.1', log: () => undefined });
    served.mount(urlApi.handle);
  });
  afterAll(async () => {
    await served.close();
    await urlApi.close();
  });

  const port = () => Number(new URL(served.origin).port);
  /** A GET written byte for byte, for targets an HTTP client would refuse or rewrite. */
  const get = async (target: string, headers = `Host: 127.0.0.1:${port()}`) => {
    const request = Buffer.from(`GET ${target} HTTP/1.1\r\n${headers}\r\n\r\n`, 'latin1');
    const reply = (await exchange(port(), request)).responses[0];
    return { status: reply?.status ?? 0, body: reply?.body.toString('utf8') ?? '' };
  };

  it('answers every target without losing the process, and /healthz after each', async () => {
    const targets = [
      '//',
      '//[',
      '//a:b/x',
      '//%25/x',
      '/\\a:b/',
      '/\\\\',
      'http://a:b/',
      'https://a:99999/',
    ];
    for (const target of targets) {
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

  it('answers a bug with 500 and logs its stack once', async () => {
    logged.length = 0;
    const reply = await get('/extra/bug');
    expect(reply.status).toBe(500);
    expect(reply.body).not.toContain('a bug in a handler');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/GET \/extra\/bug: Error: a bug in a handler\n\s+at /);
    expect((await get('/healthz')).status).toBe(200);
  });
});
