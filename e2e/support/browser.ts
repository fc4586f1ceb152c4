/**
 * Debian's Chromium driven by playwright-core (nothing can be downloaded here).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../main/core/test-support/fixtures.js';

const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-gpu',
    ],
  });
}

/** Saves a screenshot of the page as test-artifacts/<name>.png (git-ignored, never committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/**
 * Drags real files or folders from disk onto the page at (x, y) and drops them, the way the
 * system's file manager would: through Chromium's own drag input, so the page gets real
 * `DataTransfer` items whose folders can be walked.
 */
export async function dropFromDisk(page: Page, paths: string[], x = 400, y = 300): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  try {
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
      await cdp.send('Input.dispatchDragEvent', { type, x, y, data });
    }
  } finally {
    await cdp.detach();
  }
}
