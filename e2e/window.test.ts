/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// (The functions given to page.evaluate and waitForFunction run in the page.)
/**
 * The window in Chromium against a real `thumbdesk serve` on a temporary library: one person's
 * session from an empty library to a rebuilt cache, step by step, with a screenshot of every
 * screen in test-artifacts/.
 */
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropFromDisk, launchChromium, screenshot } from './support/browser.js';
import { copyFixtures, FIXTURES, makeWorkspace, type Workspace } from './support/library.js';
import { assertBuilt, startServer, type Server } from '../main/core/test-support/serve.js';

const PHOTOS = ['Landscape_1.jpg', 'Portrait_2.jpg', 'flowers.jpeg', 'p3.png', 'truncated.jpg'];
const UPLOADS = ['Landscape_3.jpg', 'concert.jpg'];
const UPLOAD_FOLDER = 'trip';
const DROPS = ['Landscape_4.jpg'];
const DROP_FOLDER = 'dropped';
const SQUARE = { name: 'square', width: 100, height: 100, fit: 'cover', formats: ['webp'] };
/** Long enough for a cold scan or a generate of a few dozen derivatives on 2 busy cores. */
const WORK_MS = 45_000;

let workspace: Workspace;
let server: Server;
let browser: Browser;
let page: Page;
/** Uncaught exceptions and console errors in the page (a CSP refusal shows up here). */
const pageErrors: string[] = [];

const tile = (name: string) => page.getByRole('gridcell', { name, exact: true });
/** A section's button, by the name it starts with (a count may follow: "Cache 18"). */
const sidebar = (name: 'Cache' | 'Errors' | 'Jobs' | 'Library' | 'Presets') =>
  page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('button', { name: new RegExp(`^${name}\\b`) });

/** Waits until no job is queued or running, as the Jobs screen says. */
async function waitForJobsToFinish(): Promise<void> {
  await page
    .locator('.job-running, .job-queued')
    .first()
    .waitFor({ state: 'detached', timeout: WORK_MS });
}

/** Accepts the next dialog (a window.confirm), answering the question it asked. */
function acceptNextDialog(): Promise<string> {
  return new Promise((resolve) =>
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    }),
  );
}

/** Waits until a tile's thumbnail has loaded in the given orientation. */
async function waitForThumbnail(name: string, shape: 'portrait' | 'landscape'): Promise<void> {
  await page.waitForFunction(
    ([label, wantLandscape]) => {
      const img = document.querySelector<HTMLImageElement>(`[aria-label="${label}"] img`);
      if (img === null || !img.complete || img.naturalWidth === 0) return false;
      return img.naturalWidth > img.naturalHeight === wantLandscape;
    },
    [name, shape === 'landscape'] as const,
  );
}

beforeAll(async () => {
  assertBuilt();
  workspace = await makeWorkspace(PHOTOS);
  await copyFixtures(path.join(workspace.root, UPLOAD_FOLDER), UPLOADS);
  server = await startServer(workspace.library);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`${message.text()} ${message.location().url}`);
  });
  await page.goto(server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await workspace?.cleanup();
});

describe('the window, served by thumbdesk serve', () => {
  it('starts on an empty library that says what to do next', async () => {
    await page.getByText('Your library is empty').waitFor();
    const toolbar = page.getByRole('banner');
    for (const name of ['Add folder', 'Generate', 'Publish']) {
      await toolbar.getByRole('button', { name, exact: true }).waitFor();
    }
    await screenshot(page, '01-library-empty');
  });

  it('says so when a folder cannot be added', async () => {
    const missing = path.join(workspace.root, 'no-such-folder');
    await page.getByRole('button', { name: 'Add folder' }).click();
    await page.getByLabel('Folder path').fill(missing);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const notice = page.getByRole('alert').filter({ hasText: 'no such folder' });
    // The folder is named, but a browser is never shown the machine's path to it.
    await notice.getByText(path.basename(missing), { exact: false }).waitFor({ timeout: WORK_MS });
    expect(await notice.textContent()).not.toContain(workspace.root);
    await notice.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('adds a folder by its path and fills the grid', async () => {
    await page.keyboard.press('Control+o');
    await page.getByLabel('Folder path').fill(workspace.photos);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    for (const name of PHOTOS) await tile(name).waitFor({ timeout: WORK_MS });
    await expect(page.getByRole('gridcell').count()).resolves.toBe(PHOTOS.length);
    await tile('truncated.jpg').getByText('Failed').waitFor();
    await tile('Landscape_1.jpg').getByText('No presets').waitFor();
    await screenshot(page, '02-library');
  });

  it('uploads a folder from the browser into the "uploads" source', async () => {
    await page.getByRole('button', { name: 'Add folder' }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose a folder…' }).click();
    await (await chooser).setFiles(path.join(workspace.root, UPLOAD_FOLDER));
    for (const name of UPLOADS) await tile(name).waitFor({ timeout: WORK_MS });
    await page.getByLabel('Source', { exact: true }).selectOption('uploads');
    await page.getByText(`${UPLOADS.length} originals`, { exact: true }).waitFor();
    await expect(page.getByRole('gridcell').count()).resolves.toBe(UPLOADS.length);
    await page.getByLabel('Source', { exact: true }).selectOption('');
    await page.getByText(`${PHOTOS.length + UPLOADS.length} originals`, { exact: true }).waitFor();
  });

  it('creates a preset with a live preview and says how much it will build', async () => {
    await sidebar('Presets').click();
    await page.getByText('No presets yet', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'New preset' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Card!');
    await page.getByText('Name must be lower-case letters').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('card');
    await page.getByLabel('Width', { exact: true }).fill('abc');
    await page.getByText('Width must be a number').waitFor();
    await page.getByLabel('Width', { exact: true }).fill('320');
    await page.getByLabel('Height', { exact: true }).fill('240');
    await page.getByLabel('Fit', { exact: true }).selectOption('cover');
    await page.getByLabel('Position', { exact: true }).selectOption('focal');

    const outputs = page.getByRole('list', { name: 'Preview outputs' });
    await outputs.getByText('320 × 240').first().waitFor({ timeout: WORK_MS });
    await expect(outputs.getByRole('listitem').count()).resolves.toBe(2);
    await outputs
      .getByText(/KB, −\d+ %/)
      .first()
      .waitFor();
    await page.getByText(/Saving rebuilds \d+ derivatives/).waitFor();
    await screenshot(page, '03-presets');

    await page.getByRole('button', { name: 'Save preset' }).click();
    // Six decodable originals, two formats each.
    await page.getByText('Saved “card”: 12 derivatives to build').waitFor();
    await page.getByText('No change to save.').waitFor();
  });

  it('imports and exports presets as JSON', async () => {
    const file = path.join(workspace.root, 'more-presets.json');
    await writeFile(file, JSON.stringify({ presets: [SQUARE] }));
    await page.getByLabel('Preset file to import').setInputFiles(file);
    await page.getByText('Imported 1 preset from more-presets.json, 1 new or changed.').waitFor();
    await page.getByRole('list', { name: 'Saved presets' }).getByText('square').waitFor();

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const exported = JSON.parse(await readFile((await (await download).path())!, 'utf8')) as {
      presets: { name: string; width?: number }[];
    };
    expect(exported.presets.map((p) => [p.name, p.width])).toEqual([
      ['card', 320],
      ['square', 100],
    ]);
  });

  it('generates and shows progress to the end', async () => {
    await page.getByRole('button', { name: 'Generate' }).click();
    await sidebar('Jobs').click();
    const job = page.getByRole('listitem', { name: /generate/i }).first();
    await job.waitFor();
    await waitForJobsToFinish();
    await job.getByText('done').waitFor();
    // card: 6 decodable originals × 2 formats; square: 6 × 1.
    await job.getByText(/^18 built, 0 failed/).waitFor();
    const bar = job.getByRole('progressbar');
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe(
      await bar.getAttribute('aria-valuemax'),
    );
    await page.getByRole('contentinfo').getByText('18 fresh', { exact: false }).waitFor();
    await screenshot(page, '04-jobs');
    await sidebar('Library').click();
    await tile('Landscape_1.jpg').getByText('All fresh').waitFor({ timeout: WORK_MS });
  });

  it('opens an original, shows its derivatives and sets its focal point', async () => {
    // Arrows move the selection in the grid; Enter opens it.
    await tile('flowers.jpeg').click();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(tile('Landscape_1.jpg').getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('Enter');
    const detail = page.getByRole('region', { name: 'Landscape_1.jpg' });
    await detail.getByText('600 × 450').waitFor();
    await detail
      .getByRole('cell', { name: /^320 × 240$/ })
      .first()
      .waitFor();
    await detail
      .getByText(/KB, −\d+ %/)
      .first()
      .waitFor();
    const image = detail.getByRole('img', { name: 'Landscape_1.jpg' });
    const box = (await image.boundingBox())!;
    await image.click({ position: { x: box.width * 0.25, y: box.height * 0.75 } });
    await detail.getByRole('img', { name: 'Focal point at 25 %, 75 %' }).waitFor();
    // Derivatives positioned on the focal point are now out of date.
    await detail.getByText('Some stale').waitFor();
    await screenshot(page, '05-original');
    await page.keyboard.press('Escape');
    await tile('Landscape_1.jpg').getByText('Some stale').waitFor();
    // The grid is where it was, and has the keys again.
    await page.keyboard.press('ArrowRight');
    await expect(tile('Portrait_2.jpg').getAttribute('aria-selected')).resolves.toBe('true');
  });

  it('sees an original changed on disk go stale after a rescan, then rebuilds', async () => {
    // The grid has drawn the portrait, so its rendition exists before the content changes.
    await waitForThumbnail('Portrait_2.jpg', 'portrait');
    await copyFile(
      path.join(FIXTURES, 'Landscape_2.jpg'),
      path.join(workspace.photos, 'Portrait_2.jpg'),
    );
    await tile('Portrait_2.jpg').getByText('All fresh').waitFor();
    await page.getByRole('button', { name: 'Rescan' }).click();
    await tile('Portrait_2.jpg').getByText('Some stale').waitFor({ timeout: WORK_MS });
    // The thumbnail follows the new content: the file is a landscape photo now.
    await waitForThumbnail('Portrait_2.jpg', 'landscape');
    await screenshot(page, '06-library-stale');

    await sidebar('Cache').click();
    await page.getByRole('button', { name: 'Rebuild stale' }).click();
    await sidebar('Library').click();
    await tile('Portrait_2.jpg').getByText('All fresh').waitFor({ timeout: WORK_MS });
    await tile('Landscape_1.jpg').getByText('All fresh').waitFor({ timeout: WORK_MS });
    await sidebar('Cache').click();
    await page.getByRole('list', { name: 'Bytes per preset' }).getByText('card').waitFor();
    await page.getByRole('list', { name: 'Bytes per format' }).getByText('webp').waitFor();
    await screenshot(page, '07-cache');
  });

  it('deletes a preset with the Delete key and collects its files as garbage', async () => {
    await sidebar('Presets').click();
    await page.getByRole('button', { name: /^square/ }).click();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('list', { name: 'Saved presets' }).press('Delete');
    await page.getByText('Deleted “square”.').waitFor();
    await sidebar('Cache').click();
    await page.getByRole('button', { name: 'Collect garbage' }).click();
    // square: 6 WebP files, now wanted by nothing; and the grid's thumbnail of Portrait_2's
    // content before it changed on disk.
    await page.getByText(/^Collected 7 files \(\d+(\.\d)? KB\) and 6 catalog rows\.$/).waitFor();
  });

  it('publishes to a folder target: plan first, then progress to the end, then nothing to do', async () => {
    const folder = path.join(workspace.root, 'public');
    await page.getByRole('banner').getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('No targets yet').waitFor();
    // A browser host takes no typed keys, and the form says where they come from instead.
    await page.getByLabel('Destination', { exact: true }).fill('s3://site-assets/img');
    await page.getByText('This host keeps no typed secrets').waitFor();
    await expect(page.getByLabel('Secret access key').count()).resolves.toBe(0);

    await page.getByLabel('Target name', { exact: true }).fill('site');
    await page.getByLabel('Destination', { exact: true }).fill(folder);
    await page.getByRole('button', { name: 'Add target' }).click();
    const card = page.getByRole('region', { name: 'Target site' });
    // card: 6 decodable originals × 2 formats, and the manifest.
    const plan = card.getByRole('status', { name: 'Plan for site' });
    await plan.getByText(/^13 to upload \(.+\) · 0 unchanged · 0 to delete$/).waitFor({
      timeout: WORK_MS,
    });
    await expect(readdir(folder).catch(() => [])).resolves.toEqual([]);

    await card.getByRole('button', { name: 'Publish', exact: true }).click();
    await plan
      .getByText('Up to date: nothing to upload (13 objects unchanged).')
      .waitFor({ timeout: WORK_MS });
    const published = await readdir(folder, { recursive: true });
    expect(published).toContain('thumbdesk.json');
    expect(published.filter((f) => /\.(webp|jpg)$/.test(f))).toHaveLength(12);
    const history = page.getByRole('table', { name: 'Publish history' });
    await history.getByRole('row', { name: /site .*done 13 0 0 0/ }).waitFor();
    await screenshot(page, '09-publish');
  });

  it('lists the truncated file with its reason', async () => {
    await sidebar('Errors').click();
    const row = page.getByRole('row', { name: /truncated\.jpg/ });
    await row.waitFor();
    await expect(row.locator('.error-reason').textContent()).resolves.toMatch(/truncated/i);
    await screenshot(page, '08-errors');
  });

  it('follows the system into dark mode', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await sidebar('Library').click();
    const background = await page.evaluate(
      () => getComputedStyle(document.documentElement).backgroundColor,
    );
    expect(background).toBe('rgb(28, 28, 31)');
    await screenshot(page, '10-library-dark');
  });

  it('uploads a folder dropped on the window into the "uploads" source', async () => {
    const dropped = path.join(workspace.root, DROP_FOLDER);
    await copyFixtures(path.join(dropped, 'day1'), DROPS);
    await sidebar('Library').click();
    await dropFromDisk(page, [dropped]);
    for (const name of DROPS) await tile(name).waitFor({ timeout: WORK_MS });
    await page.getByLabel('Source', { exact: true }).selectOption('uploads');
    const uploads = UPLOADS.length + DROPS.length;
    await page.getByText(`${uploads} originals`, { exact: true }).waitFor();
    // The folder's shape is kept under uploads/.
    await expect(
      readdir(path.join(workspace.library, 'uploads', DROP_FOLDER, 'day1')),
    ).resolves.toEqual(expect.arrayContaining(DROPS));
  });

  it('removes a source after asking, leaving its files on disk', async () => {
    await page.getByLabel('Source', { exact: true }).selectOption('uploads');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove source' }).click();
    await page.getByText(`${PHOTOS.length} originals`, { exact: true }).waitFor();
    await page
      .getByLabel('Source', { exact: true })
      .locator('option[value="uploads"]')
      .waitFor({ state: 'detached' });
    await expect(readdir(path.join(workspace.library, 'uploads', UPLOAD_FOLDER))).resolves.toEqual(
      expect.arrayContaining(UPLOADS),
    );
  });

  it('excludes an original with the Delete key, shows it under "Excluded" and includes it again', async () => {
    await tile('flowers.jpeg').click();
    const question = acceptNextDialog();
    await page.keyboard.press('Delete');
    await tile('flowers.jpeg').waitFor({ state: 'detached' });
    await expect(question).resolves.toBe(
      'Exclude “flowers.jpeg” from the library? Its derivatives are removed at the next garbage collection; the file stays on disk.',
    );
    await page.getByText(`${PHOTOS.length - 1} originals`, { exact: true }).waitFor();
    // The selection moved on to the next original, and the grid still has the keys.
    await expect(tile('p3.png').getAttribute('aria-selected')).resolves.toBe('true');
    await page.keyboard.press('ArrowLeft');
    await expect(tile('Portrait_2.jpg').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(readdir(workspace.photos)).resolves.toContain('flowers.jpeg');

    await page.getByLabel('State', { exact: true }).selectOption('excluded');
    await tile('flowers.jpeg').getByText('Excluded').waitFor();
    await expect(page.getByRole('gridcell').count()).resolves.toBe(1);
    await screenshot(page, '11-library-excluded');
    await tile('flowers.jpeg').dblclick();
    const detail = page.getByRole('region', { name: 'flowers.jpeg' });
    await detail.getByRole('button', { name: 'Include again' }).click();
    // No garbage was collected since: its derivatives are fresh again at once.
    await detail.getByText('All fresh').waitFor();
    await expect(detail.getByRole('button', { name: 'Include again' }).count()).resolves.toBe(0);
    await page.keyboard.press('Escape');
    await page.getByText('Nothing matches').waitFor();
    await page.getByLabel('State', { exact: true }).selectOption('');
    await tile('flowers.jpeg').getByText('All fresh').waitFor();
    await page.getByText(`${PHOTOS.length} originals`, { exact: true }).waitFor();
  });

  it('excludes two originals chosen with Ctrl+click at once, then includes them again from the selection bar', async () => {
    const bar = page.getByRole('toolbar', { name: 'Selection' });
    await tile('Portrait_2.jpg').click();
    await tile('p3.png').click({ modifiers: ['Control'] });
    await bar.getByText('2 selected', { exact: true }).waitFor();
    for (const [name, selected] of [
      ['Portrait_2.jpg', 'true'],
      ['flowers.jpeg', 'false'],
      ['p3.png', 'true'],
    ]) {
      await expect(tile(name!).getAttribute('aria-selected')).resolves.toBe(selected);
    }
    const question = acceptNextDialog();
    await page.keyboard.press('Delete');
    await tile('Portrait_2.jpg').waitFor({ state: 'detached' });
    await tile('p3.png').waitFor({ state: 'detached' });
    await expect(question).resolves.toBe(
      'Exclude 2 originals from the library? Their derivatives are removed at the next garbage collection; the files stay on disk.',
    );
    await page.getByText(`${PHOTOS.length - 2} originals`, { exact: true }).waitFor();
    await bar.waitFor({ state: 'detached' });

    // Shift+click takes the range from the anchor, here both excluded originals.
    await page.getByLabel('State', { exact: true }).selectOption('excluded');
    await tile('p3.png').waitFor();
    await expect(page.getByRole('gridcell').count()).resolves.toBe(2);
    await tile('Portrait_2.jpg').click();
    await tile('p3.png').click({ modifiers: ['Shift'] });
    await bar.getByText('2 selected', { exact: true }).waitFor();
    await bar.getByRole('button', { name: 'Include', exact: true }).click();
    await page.getByText('Nothing matches').waitFor();
    await page.getByLabel('State', { exact: true }).selectOption('');
    await page.getByText(`${PHOTOS.length} originals`, { exact: true }).waitFor();
    await tile('Portrait_2.jpg').getByText('All fresh').waitFor();
    await tile('p3.png').getByText('All fresh').waitFor();

    // Ctrl+A selects every original; Esc ends that and leaves the grid where it is.
    await page.keyboard.press('Control+a');
    await bar.getByText(`${PHOTOS.length} selected`, { exact: true }).waitFor();
    await screenshot(page, '12-library-all-selected');
    await page.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });
    await expect(page.getByRole('grid', { name: 'Originals' }).count()).resolves.toBe(1);
  });

  it('ran the whole session without an error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
