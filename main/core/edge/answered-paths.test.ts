import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../catalog/database.js';
import { makeTempDir } from '../test-support/fixtures.js';
import { AnsweredPaths } from './answered-paths.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Db;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-answered-');
  db = openDatabase(path.join(tmp.dir, 'catalog.db'));
});

afterAll(async () => {
  db?.close();
  await tmp?.cleanup();
});

it('names each path once across keys, forgets purged paths, and records them again later', () => {
  const answered = new AnsweredPaths(db, 100);
  answered.record('/s/pr:thumb/plain/local:///p/a.jpg', ['o-a', 'p-thumb']);
  answered.record('/s/w:10/plain/local:///p/a.jpg', ['o-a']);
  answered.record('/s/w:10/plain/local:///p/b.jpg', ['o-b']);
  expect(answered.takePathsFor(['o-a', 'p-thumb']).sort()).toEqual([
    '/s/pr:thumb/plain/local:///p/a.jpg',
    '/s/w:10/plain/local:///p/a.jpg',
  ]);
  expect(answered.takePathsFor(['o-a'])).toEqual([]);
  // Answered again after the purge: the next purge must name it again.
  answered.record('/s/w:10/plain/local:///p/a.jpg', ['o-a']);
  expect(answered.takePathsFor(['o-a'])).toEqual(['/s/w:10/plain/local:///p/a.jpg']);
  expect(answered.takePathsFor(['o-b'])).toEqual(['/s/w:10/plain/local:///p/b.jpg']);
});

it('keeps only the most recently answered paths past its bound', async () => {
  const answered = new AnsweredPaths(db, 3);
  for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) {
    answered.record(`/s/plain/local:///p/${name}.jpg`, [`o-${name}`]);
    // answered_at has millisecond resolution: keep the order unambiguous.
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const rows = db.prepare('SELECT key FROM url_answers ORDER BY key').all() as { key: string }[];
  expect(rows.map((r) => r.key)).toEqual(['o-d', 'o-e', 'o-f']);
});
