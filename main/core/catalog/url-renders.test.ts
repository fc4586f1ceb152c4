import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../test-support/fixtures.js';
import { openDatabase, type Db } from './database.js';
import { MIGRATIONS } from './migrations.js';
import {
  deleteUrlRenders,
  leastRecentUrlRenders,
  recordUrlRender,
  touchUrlRenders,
  urlRenderBytes,
} from './url-renders.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let file: string;
let db: Db | undefined;

beforeEach(async () => {
  tmp = await makeTempDir();
  file = path.join(tmp.dir, 'catalog.sqlite');
});
afterEach(async () => {
  if (db?.open) db.close();
  await tmp.cleanup();
});

/** An original for URL renders to be built from. */
function original(target: Db): number {
  const source = target
    .prepare(`INSERT INTO sources (name, path, added_at) VALUES ('photos', '/photos', 1)`)
    .run().lastInsertRowid;
  return Number(
    target
      .prepare(
        `INSERT INTO originals (source_id, rel_path, is_image, size, mtime_ms, hash, scanned_at)
         VALUES (?, 'a.jpg', 1, 1, 1, 'h', 1)`,
      )
      .run(source).lastInsertRowid,
  );
}

function record(target: Db, originalId: number, key: string, bytes: number): void {
  recordUrlRender(target, {
    key,
    originalId,
    contentHash: 'h',
    spec: '{}',
    encoded: 'webp',
    width: 10,
    height: 10,
    bytes,
    file: `${key.slice(0, 2)}/${key}.webp`,
  });
}

describe('url renders', () => {
  it('gain a last use when an older catalog migrates: their build time', () => {
    const old = openDatabase(
      file,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    old
      .prepare(
        `INSERT INTO url_renders (key, content_hash, spec, encoded, width, height, bytes, file,
           built_at) VALUES ('k1', 'h', '{}', 'webp', 10, 10, 100, 'k1/k1.webp', 1234)`,
      )
      .run();
    old.close();
    db = openDatabase(file);
    expect(db.prepare('SELECT key, used_at FROM url_renders').all()).toEqual([
      { key: 'k1', used_at: 1234 },
    ]);
    const indexes = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name IN (?, ?)`)
      .all('url_renders_used', 'derivatives_file');
    expect(indexes).toHaveLength(2);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('list least recently used first, by recorded and batched uses, and sum their bytes', () => {
    db = openDatabase(file);
    const id = original(db);
    record(db, id, 'aa1', 100);
    record(db, id, 'bb2', 200);
    record(db, id, 'cc3', 300);
    const now = Date.now();
    touchUrlRenders(
      db,
      new Map([
        ['aa1', now + 10],
        ['gone', now + 10],
      ]),
    );
    expect(leastRecentUrlRenders(db, 2).map((r) => r.file)).toEqual(['bb/bb2.webp', 'cc/cc3.webp']);
    // A late batch with an older time never makes a row look older.
    touchUrlRenders(db, new Map([['aa1', 1]]));
    expect(leastRecentUrlRenders(db, 3).at(-1)).toMatchObject({ file: 'aa/aa1.webp', bytes: 100 });
    expect(urlRenderBytes(db)).toBe(600);

    const [oldest] = leastRecentUrlRenders(db, 1);
    expect(deleteUrlRenders(db, [oldest!.id, oldest!.id])).toBe(1);
    expect(urlRenderBytes(db)).toBe(400);
  });
});
