import type { Page } from 'playwright-core';

/** The file names of the images in a grid, in display order (each cell's alt starts with its file name). */
export function namesIn(page: Page, gridName: string): Promise<string[]> {
  return page
    .getByRole('grid', { name: gridName })
    .getByRole('img')
    .evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt')?.split(',')[0] ?? ''));
}

/** Types a query the way a person does and waits for its results grid. */
export async function searchFor(page: Page, text: string): Promise<void> {
  const box = page.getByRole('searchbox', { name: 'Search photos' });
  await box.fill(text);
  await page.getByRole('heading', { name: `Results for “${text}”` }).waitFor();
}
