/**
 * vitest's globalSetup: makes the run-time fixtures (made-fixtures.ts) once, before any test
 * file runs, so that `fixture(name)` can stay a plain path for every test.
 */
import { makeFixtures } from './made-fixtures.js';

export default async function setup(): Promise<void> {
  await makeFixtures();
}
