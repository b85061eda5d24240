import { describe, expect, it } from 'vitest';
import { errorsOf, openApp } from './harness/browser.js';
import { useSession } from './harness/session.js';

describe('settings in the browser', () => {
  const session = useSession({ indexed: true });

  it('runs the model on the CPU with one thread when asked, and diagnoses the machine', async () => {
    const page = await openApp(session.browser, session.app);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByText(/^Running on/).waitFor();

    await page.getByLabel('Run the model on').selectOption('cpu');
    await page.getByLabel('CPU threads').fill('1');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Running on CPU with 1 thread.').waitFor();
    const status = await session.app.core.modelStatus({});
    expect(status.serving?.threads).toBe(1);
    expect(status.settings.provider).toBe('cpu');

    await page.getByRole('button', { name: 'Run a diagnosis' }).click();
    const speed = page.getByRole('definition').filter({ hasText: /photos\/s in batches of/ });
    await speed.waitFor({ timeout: 60_000 });
    expect(await page.getByRole('definition').filter({ hasText: /cores$/ }).count()).toBe(1);
    expect(errorsOf(page)).toEqual([]);
  });
});
