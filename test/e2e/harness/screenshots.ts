import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { waitFor } from '../../helpers/wait-for.js';
import type { PageElement } from './queries.js';
import { REPO_ROOT } from '../../../src-main/server/renderer-build.js';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

/** Saves the page as `test-results/screenshots/<name>.png` (an artifact to look at, never compared). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // Thumbnails load lazily; wait for the ones on screen so the picture shows what a person sees.
  await waitFor('the images on screen to load', () =>
    page.locator('img').evaluateAll((images: (PageElement & { complete: boolean })[]) =>
      images.every((image) => {
        const box = image.getBoundingClientRect();
        const onScreen = box.bottom > 0 && box.top < (image.ownerDocument.defaultView?.innerHeight ?? 0) && box.width > 0;
        return !onScreen || image.complete;
      }),
    ),
  );
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}
