/**
 * The URL API past its render queue. Renders wait at a gate the test opens, so the pool is full
 * for certain (not for as long as a machine happens to take) while the refusals are counted.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Library } from '../../library/library.js';
import { copyFixtures, makeTempDir } from '../../test-support/fixtures.js';
import { until } from '../../test-support/poll.js';
import { get, metric, startUrlApi, type TestServer } from '../../test-support/url-api-server.js';

const gate = vi.hoisted(() => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
});

// The real render, once the gate is open.
vi.mock('../../imaging/render.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../imaging/render.js')>();
  return {
    ...actual,
    render: async (...args: Parameters<typeof actual.render>) => {
      await gate.opened;
      return actual.render(...args);
    },
  };
});

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let library: Library;
let server: TestServer;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-url-overload-');
  await copyFixtures(path.join(tmp.dir, 'photos'), [['Landscape_1.jpg', 'land.jpg']]);
  library = Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 });
  await library.addSource(path.join(tmp.dir, 'photos'));
  server = await startUrlApi(library, { listenHost: '127.0.0.1', concurrency: 1, maxQueue: 2 });
});

afterAll(async () => {
  gate.open();
  await server?.close();
  library?.close();
  await tmp?.cleanup();
});

/** A distinct render for each width. */
const url = (width: number) => `/insecure/w:${width}/plain/local:///photos/land.jpg@png`;

describe('the URL API under overload', () => {
  it('answers 503 with Retry-After to every request past a full queue, and holds none of them', async () => {
    // One render running (held at the gate) and two waiting: the pool and its queue are full.
    const taken = [100, 101, 102].map((width) => get(server, url(width)));
    await until('one render running and two queued', async () => {
      const active = await metric(server, 'thumbdesk_url_renders_active');
      return active === 1 && (await metric(server, 'thumbdesk_url_render_queue_length')) === 2;
    });

    let settled = 0;
    const past = Array.from({ length: 57 }, (_, i) =>
      get(server, url(200 + i)).finally(() => (settled += 1)),
    );
    // Each is answered without waiting for the gate, and none joins the queue meanwhile.
    await until('every request past the queue answered', async () => {
      const queued = await metric(server, 'thumbdesk_url_render_queue_length');
      if (queued > 2) throw new Error(`${queued} renders queued past a queue of 2`);
      return settled === past.length;
    });
    const refused = await Promise.all(past);
    expect(refused.map((r) => r.status)).toEqual(Array.from({ length: 57 }, () => 503));
    expect(refused.every((r) => r.headers['retry-after'] === '1')).toBe(true);
    expect(refused[0]!.body.toString()).toMatch(/too many renders waiting/);
    // Nothing of theirs stayed behind: the queue is as long as before, nothing was rendered.
    expect(await metric(server, 'thumbdesk_url_render_queue_length')).toBe(2);
    expect(await metric(server, 'thumbdesk_url_renders_total', '{outcome="built"}')).toBe(0);

    gate.open();
    const answered = await Promise.all(taken);
    expect(answered.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await metric(server, 'thumbdesk_url_renders_total', '{outcome="built"}')).toBe(3);
    expect((await get(server, url(300))).status).toBe(200);
  });
});
