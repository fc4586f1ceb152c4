/**
 * The HTTP host (`thumbdesk serve`): the built renderer at `/` and `/assets/*`, the contract
 * under `/api/`, library media under `/media/`, and room for more: request handlers mounted by
 * other features (the URL API) get every other path. Every route answers only to the allowed
 * Host names (a DNS-rebinding page is refused), unless its handler was mounted for any Host;
 * `/api/` and `/media/` need the admin token as well.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ServiceError } from '../service/service-error.js';
import type { ContractService } from '../service/service-host.js';
import { handleApi } from './api-route.js';
import { CONNECTION_LIMITS, limitConnections } from './connection-limits.js';
import { installFastLane, type FastAnswer } from './fast-lane.js';
import { hasToken, hostGuard, makeToken } from './host-guard.js';
import { isWildcard, urlHost } from './listen-address.js';
import { isMountedTarget, isOwnPath } from './own-paths.js';
import { contentTypeOf, MEDIA_CSP, rendererFile, UI_CSP } from './renderer-files.js';
import { parseRequestTarget } from './request-target.js';
import { sendError, sendFile, sendJson } from './respond.js';

/** Answers a request when it is its own (true), else leaves it untouched (false). */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

export interface HttpHostOptions {
  /** Where the renderer's build is (`index.html`, `assets/`). */
  rendererDir: string;
  /** Where browser uploads are streamed to: the library's uploads folder (service/uploads.ts). */
  uploadsDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The admin token, when something else needs it too (`/metrics`, tests); random otherwise. */
  token?: string;
  /**
   * Host names to answer to besides loopback and the address listened on (`--allowed-host`): a
   * name alone counts with any port, `name:port` with that port only.
   */
  allowedHosts?: readonly string[];
  /** Sockets open at once; past it new connections are closed (`--max-connections`). */
  maxConnections?: number;
  log?: (message: string) => void;
}

/** Whether a request may reach a handler whatever its Host header (read from its target). */
export type AnyHost = (req: Pick<IncomingMessage, 'url'>) => boolean;

export interface MountOptions {
  /**
   * Which requests the handler answers whatever their Host header: those any page may read,
   * such as signed image URLs. Default none: a foreign Host gets 403 before it is asked.
   */
  anyHost?: AnyHost;
  /**
   * The handler's answers that need no waiting, written on the fast lane (fast-lane.ts) with
   * the host's checks made first. Default none: every request to it goes through node:http.
   */
  fast?: FastAnswer;
}

export interface HttpHost {
  /** The URL to open, with the token in its fragment (never sent to the server by a browser). */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  /** Adds a handler for paths the host does not answer itself; first mounted, first asked. */
  mount(handler: RequestHandler, options?: MountOptions): void;
  close(): Promise<void>;
}

const UI_HEADERS = {
  'Content-Security-Policy': UI_CSP,
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/**
 * Starts the host and resolves once it listens.
 * @example
 * const host = await startHttpHost(service, { rendererDir: 'dist/renderer', port: 0 });
 * console.log(host.url);
 */
export async function startHttpHost(
  service: ContractService,
  options: HttpHostOptions,
): Promise<HttpHost> {
  const listenHost = options.host ?? '127.0.0.1';
  const token = options.token ?? makeToken();
  const rendererDir = path.resolve(options.rendererDir);
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const mounted: { handler: RequestHandler; anyHost: AnyHost; fast?: FastAnswer | undefined }[] =
    [];
  let isAllowedHost: (host: string) => boolean = () => false;

  const serveOwn = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const isApi = url.pathname.startsWith('/api/');
    // Files (the UI, media) are only read: any other method is refused, not answered as a GET.
    if (!isApi && req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      sendJson(res, 405, {
        error: { code: 'invalid-input', message: `${req.method} is not allowed: use GET or HEAD` },
      });
      return;
    }
    const isUi = !isApi && !url.pathname.startsWith('/media/');
    if (isUi) {
      const file = rendererFile(rendererDir, url.pathname);
      const type = contentTypeOf(file ?? '');
      const caching = url.pathname.startsWith('/assets/')
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
      if (!file) sendError(res, { code: 'not-found', message: 'no such file' });
      else
        await sendFile(
          res,
          file,
          { ...UI_HEADERS, 'Content-Type': type, 'Cache-Control': caching },
          req.method,
        );
      return;
    }
    if (!hasToken(req, token)) {
      sendError(res, { code: 'unauthorized', message: 'the admin token is missing or wrong' });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      await handleApi(service, req, res, url, options.uploadsDir);
      return;
    }
    const media = await service.media(url.pathname.slice('/media/'.length));
    if (!media) sendError(res, { code: 'not-found', message: 'no such media in the library' });
    else
      await sendFile(
        res,
        media.file,
        {
          'Content-Type': media.contentType,
          'Cache-Control': media.immutable ? 'private, max-age=31536000, immutable' : 'no-cache',
          'Content-Security-Policy': MEDIA_CSP,
        },
        req.method,
      );
  };

  /** Everything a request does, the target's parsing included, runs inside its one boundary. */
  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const target = parseRequestTarget(req.url ?? '');
    if (!target) {
      sendError(res, { code: 'invalid-input', message: 'the request target is not a path' });
      return;
    }
    // Mounted handlers read the origin-form, whichever form came (RFC 9112 §3.2.2).
    req.url = target.pathAndQuery;
    // An absolute-form target's authority replaces the Host header (RFC 9112 §3.2.2).
    const hostAllowed = isAllowedHost(target.authority ?? req.headers.host ?? '');
    if (hostAllowed && isOwnPath(target.url.pathname)) return serveOwn(req, res, target.url);
    if (!isOwnPath(target.url.pathname)) {
      for (const { handler, anyHost } of mounted) {
        if ((hostAllowed || anyHost(req)) && (await handler(req, res))) return;
      }
    }
    if (!hostAllowed) {
      // 403, not a contract error: the request never reached the contract.
      sendJson(res, 403, { error: { code: 'refused', message: 'unexpected Host header' } });
    } else sendError(res, { code: 'not-found', message: 'nothing at this path' });
  };

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      log(`thumbdesk serve: ${req.method} ${req.url}: ${(error as Error)?.stack ?? error}`);
      if (!res.headersSent) sendError(res, new ServiceError('internal', 'internal error').toBody());
      else res.destroy();
    });
  });
  limitConnections(server, options.maxConnections ?? CONNECTION_LIMITS.maxConnections, log);
  const lane = installFastLane(server, (request, write, mayWait) => {
    // `answer`'s routing for an origin-form target: the first mounted handler the Host lets
    // answer it must answer it fast, else node:http takes the request.
    if (!isMountedTarget(request.url)) return false;
    const hostAllowed = isAllowedHost(request.headers.host ?? '');
    const first = mounted.find(({ anyHost }) => hostAllowed || anyHost(request));
    return first?.fast?.(request, write, mayWait) ?? false;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  isAllowedHost = hostGuard(listenHost, port, options.allowedHosts);
  const origin = `http://${isWildcard(listenHost) ? '127.0.0.1' : urlHost(listenHost)}:${port}`;
  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    mount: (handler, { anyHost = () => false, fast } = {}) =>
      mounted.push({ handler, anyHost, fast }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        lane?.closeAllConnections();
      }),
  };
}
