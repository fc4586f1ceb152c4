/**
 * The URL API behind a real HTTP server on a free loopback port, for the suites that speak to
 * it as a client would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Library } from '../library/library.js';
import { createUrlApi, type UrlApi, type UrlApiOptions } from '../server/url-api/url-api.js';
import type { LibraryFacts, UrlCatalog } from '../server/url-api/url-catalog.js';
import { createUrlCatalogOwner } from '../url-catalog/owner.js';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface TestServer {
  api: UrlApi;
  port: number;
  /** Stops the server, then closes the API. */
  close: () => Promise<void>;
}

/**
 * Serves `library`'s URL API, its catalog owned in this thread (serve's is in the service
 * worker; the contract is the same); paths it leaves alone get 404 `not ours`.
 * @example const server = await startUrlApi(library, { listenHost: '127.0.0.1', keys: [] });
 */
export function startUrlApi(library: Library, options: UrlApiOptions): Promise<TestServer> {
  return startUrlApiOver(createUrlCatalogOwner(library), library, options);
}

/**
 * Serves the URL API over a given catalog owner (serve's service worker, say); otherwise as
 * startUrlApi.
 * @example const server = await startUrlApiOver(service.urlCatalog, facts, { listenHost: '127.0.0.1' });
 */
export function startUrlApiOver(
  catalog: UrlCatalog,
  library: LibraryFacts,
  options: UrlApiOptions,
): Promise<TestServer> {
  return serveUrlApi(createUrlApi(catalog, library, options));
}

/**
 * Serves an API already made (by serve's urlApiFromOptions, say); otherwise as startUrlApi.
 * @example const server = await serveUrlApi(await urlApiFromOptions(catalog, facts, options, '127.0.0.1'));
 */
export async function serveUrlApi(api: UrlApi): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    void api.handle(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end('not ours');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    api,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await api.close();
    },
  };
}

/**
 * A raw GET: the path goes out exactly as written (no URL normalisation of `..`).
 * @example const reply = await get(server, '/insecure/w:10/plain/local:///photos/a.jpg');
 */
export function get(
  server: TestServer,
  urlPath: string,
  headers: http.OutgoingHttpHeaders = {},
): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port: server.port, path: urlPath, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
  });
}

/**
 * A metric's value as /metrics shows it. A labelled series not seen yet is 0 (a counter that
 * never counted); a metric the registry does not know throws, so a renamed metric fails the
 * tests that read it instead of reading as "nothing happened".
 * @example await metric(server, 'thumbdesk_url_renders_total', '{outcome="built"}')
 */
export async function metric(
  server: Pick<TestServer, 'api'>,
  name: string,
  labels = '',
): Promise<number> {
  const lines = (await server.api.metrics.registry.metrics()).split('\n');
  if (!lines.some((l) => l.startsWith(`# TYPE ${name} `))) {
    throw new Error(`no metric named ${name} in /metrics`);
  }
  const line = lines.find((l) => l.startsWith(`${name}${labels} `));
  return line ? Number(line.split(' ')[1]) : 0;
}
