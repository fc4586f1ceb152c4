/**
 * Temporary folders for an end-to-end run: a library, and a folder of fixture copies the test
 * may change on disk (the shared fixtures are read-only). Fixtures and temp folders come from
 * the engine's test helpers.
 */
import path from 'node:path';
import { copyFixtures, makeTempDir } from '../../main/core/test-support/fixtures.js';

export { copyFixtures, FIXTURES } from '../../main/core/test-support/fixtures.js';

export interface Workspace {
  root: string;
  library: string;
  photos: string;
  cleanup: () => Promise<void>;
}

/** A temp folder holding `library/` (empty) and `photos/` (copies of the named fixtures). */
export async function makeWorkspace(fixtures: readonly string[]): Promise<Workspace> {
  const { dir: root, cleanup } = await makeTempDir('thumbdesk-e2e-');
  const photos = path.join(root, 'photos');
  await copyFixtures(photos, fixtures);
  return { root, library: path.join(root, 'library'), photos, cleanup };
}
