/**
 * Purging from the app, through the service as a host calls it: targets stored in the catalog,
 * purges by hand and on change reaching a local HTTP STAND-IN for Varnish (it checks what
 * varnish-modules' xkey VCL reads: method PURGE and the xkey-purge header). The real Varnish is
 * tested in edge/varnish.test.ts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThumbdeskError } from '../../../shared/contract/errors.js';
import { originalKey, presetKey } from '../edge/surrogate-keys.js';
import { Library } from '../library/library.js';
import { copyFixtures, makeTempDir } from '../test-support/fixtures.js';
import { until } from '../test-support/poll.js';
import { startVarnishStandIn, type VarnishStandIn } from '../test-support/varnish-stand-in.js';
import { redactedEndpoint } from './purge-desk.js';
import { ThumbdeskService } from './service.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let service: ThumbdeskService;
let standIn: VarnishStandIn;
let varnish: string;
let purges: VarnishStandIn['purges'];

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-purge-desk-');
  standIn = await startVarnishStandIn();
  ({ target: varnish, purges } = standIn);
  await copyFixtures(path.join(tmp.dir, 'photos'), ['Landscape_1.jpg', 'Portrait_2.jpg']);
  service = new ThumbdeskService(Library.open(path.join(tmp.dir, 'library'), { concurrency: 1 }));
  await service.call('addSource', { path: path.join(tmp.dir, 'photos') });
  await service.jobs.idle();
  await service.call('savePreset', {
    preset: { name: 'thumb', width: 40, formats: ['jpeg'], densities: [1] },
  });
});

afterAll(async () => {
  await service?.shutdown();
  service?.library.close();
  await standIn?.close();
  await tmp?.cleanup();
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as ThumbdeskError,
  );

describe('purge targets in the app', () => {
  it('stores a target without credentials and refuses one that carries them', async () => {
    expect(await service.call('listPurgeTargets')).toEqual([]);
    const added = await service.call('addPurgeTarget', { target: `${varnish}/` });
    expect(added).toMatchObject({
      target: varnish,
      kind: 'varnish',
      origin: 'app',
      credentials: [],
      last: null,
      counts: { ok: 0, retried: 0, failed: 0, keys: 0 },
      lastError: null,
    });
    expect((await failure(service.call('addPurgeTarget', { target: varnish })))?.code).toBe(
      'refused',
    );
    const secret = await failure(
      service.call('addPurgeTarget', { target: 'webhook:https://me:hunter2@hooks.example/x' }),
    );
    expect(secret?.code).toBe('invalid-input');
    expect(secret?.message).not.toContain('hunter2');
    const stored = service.library.db.prepare('SELECT target FROM purge_targets').all();
    expect(JSON.stringify(stored)).not.toContain('hunter2');
  });

  it('purges by hand what selected originals, or everything, depend on', async () => {
    const [a, b] = (await service.call('listOriginals', {})).items;
    const sourceId = (await service.call('listSources'))[0]!.id;
    purges.length = 0;
    const results = await service.call('purgeByHand', { originalIds: [a!.id] });
    expect(results).toEqual([
      {
        target: varnish,
        result: expect.objectContaining({ outcome: 'ok', keys: 1, error: null }) as unknown,
      },
    ]);
    expect(purges).toEqual([{ path: '/', keys: [originalKey(sourceId, a!.path)] }]);
    purges.length = 0;
    await service.call('purgeByHand', { all: true });
    expect(purges.flatMap((p) => p.keys).sort()).toEqual(
      [originalKey(sourceId, a!.path), originalKey(sourceId, b!.path), presetKey('thumb')].sort(),
    );
    const [shown] = await service.call('listPurgeTargets');
    expect(shown).toMatchObject({
      last: { outcome: 'ok', keys: 3, paths: 0, error: null },
      counts: { ok: 2, failed: 0, keys: 4 },
    });
  });

  it('purges the app targets when the app changes what answers depend on', async () => {
    const [a] = (await service.call('listOriginals', {})).items;
    const sourceId = (await service.call('listSources'))[0]!.id;
    purges.length = 0;
    await service.call('setFocalPoint', { id: a!.id, x: 0.2, y: 0.3 });
    await until('a purge after the focal point changed', () => purges.length > 0);
    expect(purges).toEqual([{ path: '/', keys: [originalKey(sourceId, a!.path)] }]);
  });

  it('shows a failing target with its error, and forgets app targets', async () => {
    const refusing = `${varnish}/refuse`;
    await service.call('addPurgeTarget', { target: refusing });
    const [a] = (await service.call('listOriginals', {})).items;
    const results = await service.call('purgeByHand', { originalIds: [a!.id] });
    expect(results.find((r) => r.target === refusing)?.result).toMatchObject({
      outcome: 'failed',
      error: 'failed after 1 try: HTTP 403',
    });
    const shown = (await service.call('listPurgeTargets')).find((t) => t.target === refusing);
    expect(shown).toMatchObject({
      counts: { ok: 0, failed: 1 },
      lastError: { error: 'failed after 1 try: HTTP 403' },
    });
    expect(await service.call('removePurgeTarget', { target: refusing })).toEqual({
      target: refusing,
    });
    expect((await service.call('listPurgeTargets')).map((t) => t.target)).toEqual([varnish]);
    expect((await failure(service.call('removePurgeTarget', { target: refusing })))?.code).toBe(
      'not-found',
    );
  });
});

it('shows an endpoint without the ids its path holds', () => {
  expect(redactedEndpoint('https://api.fastly.com/service/SU1Z0isxPaozGVKXdv0eY')).toBe(
    'https://api.fastly.com/service/SU1Z…',
  );
  expect(redactedEndpoint('http://127.0.0.1:6081')).toBe('http://127.0.0.1:6081');
});
