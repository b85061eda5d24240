import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApp, type E2eApp } from './harness/app.js';
import { errorsOf, launchBrowser, openApp } from './harness/browser.js';

describe('settings in the browser', () => {
  let app: E2eApp;
  let browser: Browser;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp({ indexed: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser.close();
    await app.close();
  });

  it('runs the model on the CPU with one thread when asked, and diagnoses the machine', async () => {
    const page = await openApp(browser, app);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByText(/^Running on/).waitFor();

    await page.getByLabel('Run the model on').selectOption('cpu');
    await page.getByLabel('CPU threads').fill('1');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Running on CPU with 1 thread.').waitFor();
    const status = await app.core.modelStatus({});
    expect(status.serving?.threads).toBe(1);
    expect(status.settings.provider).toBe('cpu');

    await page.getByRole('button', { name: 'Run a diagnosis' }).click();
    const speed = page.getByRole('definition').filter({ hasText: /photos\/s in batches of/ });
    await speed.waitFor({ timeout: 60_000 });
    expect(await page.getByRole('definition').filter({ hasText: /cores$/ }).count()).toBe(1);
    expect(errorsOf(page)).toEqual([]);
  });
});
