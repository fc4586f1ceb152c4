// Loaded with `node --import`: as the process exits, writes the size of V8's old generation
// (every heap space but the young generation's) to the file named by HOOK_REPORT_FILE, in bytes.
// That is the size V8 compares with its 8 MiB threshold before it starts incremental marking.
// Plain JavaScript: node loads it before any TypeScript tooling could.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { getHeapSpaceStatistics } from 'node:v8';

const YOUNG = new Set(['new_space', 'new_large_object_space']);

process.on('exit', () => {
  const old = getHeapSpaceStatistics()
    .filter((space) => !YOUNG.has(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  writeFileSync(process.env.HOOK_REPORT_FILE, String(old));
});
