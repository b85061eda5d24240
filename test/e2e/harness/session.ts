import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startApp, type AppOptions, type E2eApp } from './app.js';
import { launchBrowser } from './browser.js';

export interface Session {
  app: E2eApp;
  browser: Browser;
}

/**
 * One app and one browser for the tests of a `describe`: started before the first test, closed
 * after the last. Read `app` and `browser` inside the tests, once `beforeAll` has filled them.
 */
export function useSession(options: AppOptions): Session {
  const session: Partial<Session> = {};
  beforeAll(async () => {
    [session.app, session.browser] = await Promise.all([startApp(options), launchBrowser()]);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.app?.close();
  });
  return {
    get app() {
      if (!session.app) throw new Error('useSession: the app is read before beforeAll started it.');
      return session.app;
    },
    get browser() {
      if (!session.browser) throw new Error('useSession: the browser is read before beforeAll launched it.');
      return session.browser;
    },
  };
}
