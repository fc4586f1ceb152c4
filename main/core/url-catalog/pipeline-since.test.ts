import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type Db } from '../catalog/database.js';
import { makeTempDir } from '../test-support/fixtures.js';
import { pipelineSince } from './pipeline-since.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let db: Db;

beforeAll(async () => {
  tmp = await makeTempDir('thumbdesk-pipeline-');
  db = openDatabase(path.join(tmp.dir, 'catalog.db'));
});

afterAll(async () => {
  db?.close();
  await tmp?.cleanup();
});

it('keeps its time while the settings stay, and starts anew when they change', async () => {
  const first = pipelineSince(db, { maxResultDimension: 100 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(pipelineSince(db, { maxResultDimension: 100 })).toBe(first);
  const changed = pipelineSince(db, { maxResultDimension: 200 });
  expect(changed).toBeGreaterThan(first);
  expect(pipelineSince(db, { maxResultDimension: 200 })).toBe(changed);
});
