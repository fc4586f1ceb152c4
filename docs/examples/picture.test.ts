import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_KEY, type Manifest } from '../../main/core/publish/manifest.js';
import { publish } from '../../main/core/publish/publish.js';
import { resolveTarget } from '../../main/core/publish/target.js';
import { builtLibrary, type TestLibrary } from '../../main/core/publish/test-support/library.js';
import { ensureBuilt } from '../../main/core/test-support/cli.js';
import { PROJECT_ROOT } from '../../main/core/test-support/fixtures.js';
import { pictureHtml } from '../../shared/url/url-builder.js';
import { publishedPicture } from './picture.js';

// thumbdesk/url's pictureHtml and the snippet of docs/manifest.md that uses it, run against a
// manifest that a real publish wrote.
let t: TestLibrary;
let out: string;
let manifest: Manifest;
const ORIGINAL = 'src/trips/alps, #1.jpg';

beforeAll(async () => {
  t = await builtLibrary(['Landscape_1.jpg', ['Portrait_1.jpg', 'trips/alps, #1.jpg']]);
  out = path.join(t.dir, 'site');
  await publish(t.library, resolveTarget(t.library.db, out));
  manifest = JSON.parse(await readFile(path.join(out, MANIFEST_KEY), 'utf8')) as Manifest;
});
afterAll(() => t.cleanup());

/** The attribute values of every `name="…"` in `html`, unescaped. */
const attributes = (html: string, name: string) =>
  [...html.matchAll(new RegExp(` ${name}="([^"]*)"`, 'g'))].map((m) =>
    m[1]!.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&amp;', '&'),
  );

/** Every URL of a srcset with its descriptor. */
const candidates = (srcset: string) => srcset.split(', ').map((c) => c.split(' '));

describe('the <picture> snippet of docs/manifest.md', () => {
  it('is the code the documentation shows', async () => {
    const doc = await readFile(path.join(PROJECT_ROOT, 'docs/manifest.md'), 'utf8');
    const code = await readFile(path.join(PROJECT_ROOT, 'docs/examples/picture.js'), 'utf8');
    expect(doc).toContain(code.trim());
  });

  it('fetches the served manifest and gives markup whose every URL the server answers', async () => {
    ensureBuilt(); // the snippet imports thumbdesk/url as a site does: the build
    const server: Server = createServer((request, response) => {
      const file = path.join(out, decodeURIComponent(new URL(request.url!, 'http://x').pathname));
      readFile(file).then(
        (bytes) => response.end(bytes),
        () => response.writeHead(404).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const html = await publishedPicture(base, ORIGINAL, 'card', 'Alps');
      expect(html).toBe(pictureHtml(manifest, ORIGINAL, 'card', { baseUrl: base, alt: 'Alps' }));
      const urls = attributes(html, 'srcset').flatMap((s) => candidates(s).map(([url]) => url!));
      expect(urls).toHaveLength(4);
      for (const url of urls) expect((await fetch(url)).status).toBe(200);
      await expect(publishedPicture(`${base}nowhere/`, ORIGINAL, 'card', '')).rejects.toThrow(
        /answered 404/,
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('writes WebP as a <source> and JPEG as the <img>, every URL a published file', () => {
    const html = pictureHtml(manifest, ORIGINAL, 'card', { baseUrl: '/img/', alt: 'The "Alps"' });
    const variants = manifest.originals[ORIGINAL]!.presets.card!;
    expect(html).toMatch(
      /^<picture>\n {2}<source type="image\/webp" [^\n]+\n {2}<img [^\n]+\n<\/picture>$/,
    );
    const [webp, jpeg] = attributes(html, 'srcset').map(candidates);
    const published = (url: string) => {
      expect(url.startsWith('/img/')).toBe(true);
      return existsSync(path.join(out, decodeURIComponent(url.slice('/img/'.length))));
    };
    for (const [format, list] of [
      ['webp', webp!],
      ['jpeg', jpeg!],
    ] as const) {
      expect(list.map(([, d]) => d)).toEqual(['1x', '2x']);
      expect(list.every(([url]) => published(url!))).toBe(true);
      const paths = variants.filter((v) => v.format === format).map((v) => v.path);
      expect(list.map(([url]) => decodeURIComponent(url!.slice('/img/'.length)))).toEqual(paths);
    }
    // The comma and # of the file name cannot split the srcset or cut the URL short.
    expect(webp![0]![0]).toMatch(/alps%2C%20%231\.webp$/);
    const jpeg1x = variants.find((v) => v.format === 'jpeg' && v.density === 1)!;
    expect(attributes(html, 'src')).toEqual([jpeg[0]![0]]);
    expect(attributes(html, 'width')).toEqual([String(jpeg1x.width)]);
    expect(attributes(html, 'height')).toEqual([String(jpeg1x.height)]);
    expect(attributes(html, 'alt')).toEqual(['The "Alps"']);
  });

  it('switches to width descriptors with sizes', () => {
    const html = pictureHtml(manifest, 'src/Landscape_1.jpg', 'card', { sizes: '50vw' });
    const widths = manifest.originals['src/Landscape_1.jpg']!.presets.card!.filter(
      (v) => v.format === 'webp',
    );
    const [webp] = attributes(html, 'srcset').map(candidates);
    expect(webp!.map(([, d]) => d)).toEqual(widths.map((v) => `${v.width}w`));
    expect(attributes(html, 'sizes')).toEqual(['50vw', '50vw']);
  });

  it('names what the manifest lacks', () => {
    expect(() => pictureHtml(manifest, ORIGINAL, 'hero')).toThrow(
      `the manifest has no "hero" variants of ${ORIGINAL}`,
    );
  });
});
