import type { Page } from 'playwright-core';

/** Words the Chinese UI may show in Latin letters: names, units, file names and paths of the test data. */
const LATIN_OK = new Set(
  'Shoebox CLIP CPU GPU NVIDIA CUDA Esc MB KB GB B JPEG PNG WEBP HEIC AVIF GIF TIFF JXL jpg ViT Multilingual text for Tiny tiny clip vit b32 multilingual red green blue dark Photos library shoebox tmp imported from Imported fp32 int8 onnxruntime Node linux x64 home me Pictures DIR'.split(' '),
);

/**
 * Visible words in Latin letters that are neither allowed above nor in `extra` (the test's own file and camera
 * names), in the whole page or in the elements `selector` picks.
 */
export async function englishLeft(page: Page, extra: readonly string[] = [], selector = 'body'): Promise<string[]> {
  const text = String(
    await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((el) => el.innerText).join(' ')`),
  );
  const words = text.replace(/\/[^\s]*/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
  return [...new Set(words.filter((w) => !LATIN_OK.has(w) && !extra.includes(w)))];
}

/** Text of visible controls and headings whose content is wider than their box (and clipped); labels hidden for screen readers only are not. */
const OVERFLOWING = `[...document.querySelectorAll('button, h1, h2, label, .nav-item, .badge')]
  .filter((el) => el.offsetParent !== null && !el.classList.contains('visually-hidden') && getComputedStyle(el).clipPath === 'none')
  .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
  .map((el) => el.textContent.trim())`;

export async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(OVERFLOWING);
}
