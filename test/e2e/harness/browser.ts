import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { E2eApp } from './app.js';
import { findBrowser, NO_BROWSER_HINT } from './find-browser.js';

const FLAGS = [
  '--no-sandbox',
  '--no-zygote',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * A Chromium found by `findBrowser` ([Note: the e2e browser]), headless. `launch` gives every
 * browser a fresh temporary profile (its own --user-data-dir), so no state carries between runs; the
 * flags keep it from reaching the network.
 */
export async function launchBrowser(): Promise<Browser> {
  const found = await findBrowser();
  try {
    return await chromium.launch({ ...found.launch, headless: true, args: FLAGS });
  } catch (error) {
    if (found.launch.channel === 'chrome') return chromium.launch({ channel: 'msedge', headless: true, args: FLAGS });
    throw new Error(`The browser from ${found.source} did not start: ${String(error)}. ${NO_BROWSER_HINT}`);
  }
}

export interface OpenOptions extends Pick<BrowserContextOptions, 'colorScheme' | 'deviceScaleFactor' | 'viewport' | 'locale'> {
  /** a path under the server, default the app itself */
  path?: string;
}

/** The app's page as a person opens it: the URL that `npm run serve` prints, in a new context. */
export function openApp(browser: Browser, app: E2eApp, options: OpenOptions = {}): Promise<Page> {
  return openPage(browser, app.server.url, options);
}

/** A page on `url` in a new context, its uncaught errors collected for `errorsOf`. */
export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    // the browser's languages, which the UI follows (navigator.languages)
    locale: options.locale ?? 'en-US',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  pageErrors.set(page, errors);
  await page.goto(url);
  return page;
}

const pageErrors = new WeakMap<Page, string[]>();

/** Uncaught exceptions the page threw: a test ends by asserting there were none. */
export function errorsOf(page: Page): string[] {
  return pageErrors.get(page) ?? [];
}
