import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openApp } from './harness/browser.js';
import { useSession } from './harness/session.js';

interface Fetched {
  status: number;
  type: string | null;
  text: string;
}

/** A fetch made by the page itself, so the browser's own rules (cookies, URL parsing, Origin) apply. */
function fetchFromPage(page: Page, url: string, init: RequestInit = {}): Promise<Fetched> {
  return page.evaluate(
    async ([target, options]) => {
      const response = await fetch(target, options);
      return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
    },
    [url, init] as const,
  );
}

/**
 * A "simple" no-cors POST: the browser sends it without a preflight and hides the answer, so only
 * the server's Origin check stands between another site and the API. Its outcome is read from the core.
 */
async function postWithoutPreflight(page: Page, url: string, input: unknown): Promise<void> {
  await page.evaluate(
    async ([target, body]) => {
      await fetch(target, { method: 'POST', mode: 'no-cors', body, headers: { 'content-type': 'text/plain' } }).catch(() => undefined);
    },
    [url, JSON.stringify(input)] as const,
  );
}

/** A page on another origin: what a hostile web site open in the same browser could do. */
async function startForeignSite(): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>elsewhere</title><p>another site</p>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

describe('the loopback transport refuses what the page should not get', () => {
  const session = useSession({ indexed: true });
  let page: Page;
  let origin: string;
  let photoId: string;
  beforeAll(async () => {
    page = await openApp(session.browser, session.app);
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    origin = new URL(session.app.server.url).origin;
    const listed = await session.app.core.listPhotos({ limit: 1 });
    photoId = listed.photos[0]?.id ?? '';
  });

  it('answers the API, events and photos only with the token, even to its own page with its cookie', async () => {
    const api = await fetchFromPage(page, `${origin}/api/status`, { method: 'POST', body: '{}' });
    expect(api.status).toBe(401);
    expect(api.text).not.toContain(session.app.dir);
    expect((await fetchFromPage(page, `${origin}/thumb/${photoId}`)).status).toBe(401);
    expect((await fetchFromPage(page, `${origin}/original/${photoId}`)).status).toBe(401);

    const withToken = await fetchFromPage(page, `${origin}/thumb/${photoId}?token=${session.app.server.token}`);
    expect(withToken.status).toBe(200);
    expect(withToken.type).toMatch(/^image\//);
  });

  it('serves nothing, not even the page, to a browser that has no token', async () => {
    const fresh = await session.browser.newContext();
    const stranger = await fresh.newPage();
    const response = await stranger.goto(`${origin}/`);
    expect(response?.status()).toBe(401);
    expect(await stranger.content()).not.toContain('<script');
    await fresh.close();
  });

  it('never returns a file outside the library for a traversal in a photo URL', async () => {
    const token = `?token=${session.app.server.token}`;
    const attempts = [
      `/thumb/..%2f..%2fetc%2fpasswd${token}`,
      `/original/..%2f..%2f..%2f..%2fetc%2fpasswd${token}`,
      `/thumb/%2e%2e%2f%2e%2e%2fetc%2fpasswd${token}`,
      `/original/..%5c..%5cetc%5cpasswd${token}`,
      `/thumb/../../../etc/passwd${token}`,
    ];
    for (const attempt of attempts) {
      const answer = await fetchFromPage(page, `${origin}${attempt}`);
      expect(answer.text, attempt).not.toMatch(/root:.*:0:0:/);
      expect(answer.type ?? '', attempt).not.toMatch(/^image\//);
    }
    const direct = await fetchFromPage(page, `${origin}/thumb/..%2f..%2fetc%2fpasswd${token}`);
    expect(direct.status).toBeGreaterThanOrEqual(400);
  });

  it('ignores a state-changing request sent by another site, even one that knows the token', async () => {
    const own = path.join(session.app.dir, 'added-by-own-page');
    const hostileFolder = path.join(session.app.dir, 'added-by-another-site');
    await Promise.all([mkdir(own), mkdir(hostileFolder)]);
    const addRootUrl = `${origin}/api/addRoot?token=${session.app.server.token}`;
    const foreign = await startForeignSite();
    try {
      // The same request from the app's own page works, so the refusal below is the Origin check's doing.
      await postWithoutPreflight(page, addRootUrl, { path: own });
      const context = await session.browser.newContext();
      const hostile = await context.newPage();
      await hostile.goto(foreign.url);
      await postWithoutPreflight(hostile, addRootUrl, { path: hostileFolder });
      await context.close();
      const roots = (await session.app.core.listRoots({})).map((root) => root.path);
      expect(roots).toContain(own);
      expect(roots).not.toContain(hostileFolder);
    } finally {
      foreign.server.close();
    }
  });
});
