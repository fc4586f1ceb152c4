/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The functions given to page.evaluate and waitForFunction run in the page.)
/**
 * UI budget: the first screen of a 10,000-original library renders in under 1 s in Chromium.
 * A library of 10 000 tiny JPEGs is served by a real `thumbdesk serve`; Debian's Chromium
 * loads the window cold (new page, empty cache) and the page itself reports when the grid's
 * first screen is there. Not a test: it prints figures, asserts nothing.
 *
 *   npm run build && node --import tsx bench/ui/first-screen.ts [--rounds 5] [--count 10000]
 *
 * Figures per round, in ms from navigation start (the page's own performance clock):
 * - grid: the grid holds a named tile for every cell of its first screen (data and layout);
 * - thumbs: every thumbnail image on that screen has loaded as well;
 * - jump: from setting the grid's scroll position to its middle until that screen's tiles are
 *   named (a page of originals fetched on demand), in ms from the jump.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../../e2e/support/browser.js';
import { assertBuilt, startServer } from '../../main/core/test-support/serve.js';
import { freshDir, thumbdesk } from '../lib/cli.js';
import { smallFiles } from '../lib/inputs.js';
import { median } from '../lib/measure.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    count: { type: 'string', default: '10000' },
  },
});
const rounds = Number(values.rounds);
const count = Number(values.count);

assertBuilt();
const set = await smallFiles(count);
const library = path.join(await freshDir('ui'), 'library');
const { ms: addMs } = await thumbdesk(library, ['add', set.dir]);
console.log(`library     ${count} originals added in ${Math.round(addMs)} ms`);

const server = await startServer(library);
const browser = await launchChromium();
console.log(`chromium    ${browser.version()}`);
const grid: number[] = [];
const thumbs: number[] = [];
const jumps: number[] = [];
try {
  for (let round = 0; round < rounds; round += 1) {
    // A new context each round: no HTTP cache, no warm image decoder.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(server.url, { waitUntil: 'commit' });
    // Every cell of the screen's rows named (so its page of data arrived and rendered).
    const screenNamed = (since: number) => {
      const cells = document.querySelectorAll('[role="gridcell"]');
      const grid = document.querySelector('[role="grid"]');
      if (!grid || cells.length === 0) return false;
      const { top, bottom } = grid.getBoundingClientRect();
      const onScreen = [...cells].filter((c) => {
        const box = c.getBoundingClientRect();
        return box.bottom > top && box.top < bottom;
      });
      const named = onScreen.length > 0 && onScreen.every((c) => c.getAttribute('aria-label'));
      return named && performance.now() - since;
    };
    const gridMs = await page.waitForFunction(screenNamed, 0, {
      polling: 'raf',
      timeout: 30_000,
    });
    const thumbsMs = await page.waitForFunction(
      () => {
        const grid = document.querySelector('[role="grid"]')!;
        const bottom = grid.getBoundingClientRect().bottom;
        const images = [...grid.querySelectorAll('img')].filter(
          (img) => img.getBoundingClientRect().top < bottom,
        );
        return images.length > 0 && images.every((img) => img.complete) && performance.now();
      },
      undefined,
      { polling: 'raf', timeout: 30_000 },
    );
    if (round === 0) {
      const shown = await page.locator('.library-total').textContent();
      const tiles = await page.evaluate(() => {
        const { bottom } = document.querySelector('[role="grid"]')!.getBoundingClientRect();
        return [...document.querySelectorAll('[role="gridcell"]')].filter(
          (cell) => cell.getBoundingClientRect().top < bottom,
        ).length;
      });
      console.log(`grid says   ${shown}, ${tiles} tiles on the first screen`);
    }
    grid.push(Math.round((await gridMs.jsonValue()) as number));
    thumbs.push(Math.round((await thumbsMs.jsonValue()) as number));
    const jumpedAt = await page.evaluate(() => {
      const grid = document.querySelector('[role="grid"]')!;
      grid.scrollTop = grid.scrollHeight / 2;
      return performance.now();
    });
    const jumpMs = await page.waitForFunction(screenNamed, jumpedAt, {
      polling: 'raf',
      timeout: 30_000,
    });
    jumps.push(Math.round((await jumpMs.jsonValue()) as number));
    await context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}

console.log(`grid        ${grid.join(', ')} ms (median ${median(grid)} ms)`);
console.log(`thumbnails  ${thumbs.join(', ')} ms (median ${median(thumbs)} ms)`);
console.log(`jump        ${jumps.join(', ')} ms (median ${median(jumps)} ms)`);
