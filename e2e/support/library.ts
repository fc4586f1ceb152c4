/**
 * Temporary folders for an end-to-end run: a library, and a folder of fixture copies the test
 * may change on disk (the shared fixtures are read-only).
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from './serve.js';

export const FIXTURES = path.resolve(PROJECT_ROOT, '../shared/fixtures/images');

export interface Workspace {
  root: string;
  library: string;
  photos: string;
  cleanup: () => Promise<void>;
}

/** Copies the named fixtures into `dir`, created if needed. */
export async function copyFixtures(names: readonly string[], dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of names) await copyFile(path.join(FIXTURES, name), path.join(dir, name));
}

/** A temp folder holding `library/` (empty) and `photos/` (copies of the named fixtures). */
export async function makeWorkspace(fixtures: readonly string[]): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'thumbdesk-e2e-'));
  const photos = path.join(root, 'photos');
  await copyFixtures(fixtures, photos);
  return {
    root,
    library: path.join(root, 'library'),
    photos,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
