/**
 * The URL API alone in its own process, so that its resident memory is measured apart from
 * the benchmark's: `node --import tsx bench/url-api/server.ts <library> <maxQueue> <key> <salt>`
 * prints its port on the first line of stdout and serves until killed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Library } from '../../main/core/library/library.js';
import { parseSigningPairs } from '../../main/core/server/url-api/signature.js';
import { createUrlApi } from '../../main/core/server/url-api/url-api.js';

const [libraryDir, maxQueue, key, salt] = process.argv.slice(2);
if (!libraryDir || !maxQueue || !key || !salt) {
  throw new Error('usage: server.ts <library dir> <max queue> <key hex> <salt hex>');
}
const library = Library.open(libraryDir);
const api = createUrlApi(library, {
  listenHost: '127.0.0.1',
  maxQueue: Number(maxQueue),
  keys: parseSigningPairs([key], [salt]),
});
const server = http.createServer((req, res) => {
  void api.handle(req, res).then((handled) => {
    if (!handled) res.writeHead(404).end();
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  library.close();
  process.exit(0);
});
