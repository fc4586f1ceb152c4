/**
 * The URL API alone in its own process, so that its resident memory is measured apart from
 * the benchmark's: `node --import tsx bench/url-api/server.ts <library> [maxQueue]` prints its
 * port on the first line of stdout and serves until killed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Library } from '../../main/core/library/library.js';
import { createUrlApi } from '../../main/core/server/url-api/url-api.js';

const [libraryDir, maxQueue] = process.argv.slice(2);
if (!libraryDir) throw new Error('usage: server.ts <library dir> [max queue]');
const library = Library.open(libraryDir);
const api = createUrlApi(library, {
  listenHost: '127.0.0.1',
  ...(maxQueue ? { maxQueue: Number(maxQueue) } : {}),
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
