#!/usr/bin/env node
/* global process, console, URL */
// Says whether dist/ was built from the sources as they are now. `npm run build` runs `begin`
// first (records a hash of every file the build reads, and drops the old stamp, so a build that
// fails or is under way counts as stale) and `end` last (makes that record the stamp). Tests that
// run dist/ call `check` (main/core/test-support/cli.ts), for the paths they run, which exits 1 with one line naming a
// changed file when the sources no longer match: an edit since the last build, never noticed by
// a test that only looked for dist/, would otherwise be tested as the old code.
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = path.join(root, 'dist', '.build-inputs.json');
const PENDING = `${STAMP}.pending`;

/** Folders whose files the build compiles or bundles, and single files it reads. */
const SOURCE_DIRS = ['main', 'shared', 'renderer'];
const CONFIG_FILES = [
  'package-lock.json',
  'tsconfig.base.json',
  'tsconfig.build.json',
  'tsconfig.app.json',
  'tsconfig.renderer.json',
  'vite.config.ts',
];

/** Tests and their helpers are left out of every build (tsconfig.build.json, vite). */
const isBuildInput = (rel) =>
  !/\.test\.tsx?$/.test(rel) && !rel.split('/').includes('test-support');

/** Every build input, relative with '/', sorted, and the SHA-256 of each. */
function inputs() {
  const files = [...CONFIG_FILES.filter((f) => existsSync(path.join(root, f)))];
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(path.join(root, dir), {
      recursive: true,
      withFileTypes: true,
    })) {
      if (!entry.isFile()) continue;
      const rel = path
        .relative(root, path.join(entry.parentPath, entry.name))
        .split(path.sep)
        .join('/');
      if (isBuildInput(rel)) files.push(rel);
    }
  }
  files.sort();
  const hashes = {};
  for (const rel of files) {
    hashes[rel] = createHash('sha256')
      .update(readFileSync(path.join(root, rel)))
      .digest('hex');
  }
  return hashes;
}

/**
 * The first difference between the stamp and the sources, in words; undefined when none. Only
 * paths starting with one of `scope` count, when given: what the caller runs of dist/.
 */
function staleness(scope) {
  if (!existsSync(STAMP)) {
    return existsSync(PENDING)
      ? 'a build is under way, or the last one failed'
      : 'dist/ carries no build stamp';
  }
  const inScope = (rel) => scope.length === 0 || scope.some((prefix) => rel.startsWith(prefix));
  const built = JSON.parse(readFileSync(STAMP, 'utf8'));
  const now = inputs();
  const changed = Object.keys(now).filter((rel) => inScope(rel) && built[rel] !== now[rel]);
  const removed = Object.keys(built).filter((rel) => inScope(rel) && !(rel in now));
  const first = changed[0] ?? removed[0];
  if (first === undefined) return undefined;
  const more = changed.length + removed.length - 1;
  return `${first} changed since the last build${more > 0 ? ` (and ${more} more)` : ''}`;
}

const command = process.argv[2];
if (command === 'begin') {
  mkdirSync(path.dirname(STAMP), { recursive: true });
  rmSync(STAMP, { force: true });
  writeFileSync(PENDING, JSON.stringify(inputs()));
} else if (command === 'end') {
  renameSync(PENDING, STAMP);
} else if (command === 'check') {
  const reason = staleness(process.argv.slice(3));
  if (reason) {
    console.error(`dist/ is stale: ${reason}; run \`npm run build\``);
    process.exit(1);
  }
} else {
  console.error('usage: build-stamp.js begin | end | check [path prefix…]');
  process.exit(2);
}
