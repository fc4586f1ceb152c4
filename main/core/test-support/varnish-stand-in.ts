/**
 * A local HTTP STAND-IN for Varnish's purge listener: it checks what varnish-modules' xkey VCL
 * reads (method PURGE at `/` with an xkey-purge header) and keeps each purge; anything else is
 * refused as Varnish would not act on it (403 off `/`, 400 otherwise). The real Varnish is tested
 * in edge/varnish.test.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Purge {
  path: string;
  keys: string[];
}

export interface VarnishStandIn {
  /** The `--purge` target naming it: `varnish:http://127.0.0.1:<port>`. */
  target: string;
  /** Purges received, in order. */
  purges: Purge[];
  close: () => Promise<void>;
}

/**
 * @example const varnish = await startVarnishStandIn(); // --purge varnish.target
 */
export async function startVarnishStandIn(): Promise<VarnishStandIn> {
  const purges: Purge[] = [];
  const server = http.createServer((req, res) => {
    const keys = req.headers['xkey-purge'];
    if (req.method !== 'PURGE' || typeof keys !== 'string' || req.url !== '/') {
      res.writeHead(req.url === '/' ? 400 : 403).end();
      return;
    }
    purges.push({ path: req.url, keys: keys.split(' ') });
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    target: `varnish:http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    purges,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
