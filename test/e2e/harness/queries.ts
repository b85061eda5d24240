import type { Page } from 'playwright-core';

/**
 * The little of the DOM the page-side callbacks use, typed here: the e2e tests compile as Node code,
 * without the DOM library, and the callbacks run in the browser.
 */
export interface PageElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number; width: number };
  ownerDocument: { activeElement: unknown; defaultView: { innerHeight: number } | null };
}

/** The file names of the images in a grid, in display order (each cell's alt starts with its file name). */
export function namesIn(page: Page, gridName: string): Promise<string[]> {
  return page
    .getByRole('grid', { name: gridName })
    .getByRole('img')
    .evaluateAll((imgs: PageElement[]) => imgs.map((img) => img.getAttribute('alt')?.split(',')[0] ?? ''));
}

/** Types a query the way a person does and waits for its results grid. */
export async function searchFor(page: Page, text: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search photos' });
  await box.fill(text);
  await page.getByRole('heading', { name: `Results for “${text}”` }).waitFor();
}
