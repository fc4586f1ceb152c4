import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../library/library.js';
import { makeTempDir } from './fixtures.js';
import { metric, startUrlApi, type TestServer } from './url-api-server.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let server: TestServer;

beforeAll(async () => {
  tmp = await makeTempDir();
  library = Library.open(tmp.dir, { concurrency: 1 });
  server = await startUrlApi(library, { listenHost: '127.0.0.1' });
});

afterAll(async () => {
  await server.close();
  library.close();
  await tmp.cleanup();
});

describe('metric()', () => {
  it('reads 0 for a metric that exists and has counted nothing', async () => {
    expect(await metric(server, 'thumbdesk_url_render_queue_length')).toBe(0);
    expect(await metric(server, 'thumbdesk_url_cache_hits_total')).toBe(0);
    // A labelled counter has no series until it counts: that is 0 too.
    expect(await metric(server, 'thumbdesk_url_renders_total', '{outcome="built"}')).toBe(0);
  });

  it('throws for a metric the registry does not know, so a renamed one fails its tests', async () => {
    await expect(metric(server, 'thumbdesk_url_renders_count')).rejects.toThrow(
      /^no metric named thumbdesk_url_renders_count in \/metrics$/,
    );
    await expect(metric(server, 'thumbdesk_url_render', '{outcome="built"}')).rejects.toThrow(
      /no metric named thumbdesk_url_render /,
    );
  });
});
