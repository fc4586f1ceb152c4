/**
 * `thumbdesk/url` as a site imports it: through package.json's `exports`, from the build.
 */
import { beforeAll, expect, it } from 'vitest';
import { ensureBuilt } from '../core/test-support/cli.js';
import { imageUrl } from '../../shared/url/url-builder.js';

beforeAll(ensureBuilt);

it('is exported as thumbdesk/url and builds the same URLs as its source', async () => {
  // By name at run time: the build ships JavaScript only, with no declarations for tsc to find.
  const specifier = 'thumbdesk/url';
  const built = (await import(specifier)) as typeof import('../../shared/url/url-builder.js');
  const image = { source: 'local:///photos/a.jpg', options: { w: 300 }, extension: 'webp' };
  const key = { key: '0a1b', salt: '2c3d' };
  expect(await built.imageUrl(image, key)).toBe(await imageUrl(image, key));
});
