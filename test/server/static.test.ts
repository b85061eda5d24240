import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src-main/server/start-server.js';
import { rawRequest, startHarness, type Harness } from './harness.js';

const CSP =
  "default-src 'self'; img-src 'self' blob: data:; media-src 'self'; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

describe('loopback server: the built UI', () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(h.server.port, { path, headers });

  it('serves the page at the printed URL with the strict CSP and a cookie for its own files', async () => {
    const page = await get(new URL(h.server.url).pathname + new URL(h.server.url).search);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain('<title>Shoebox</title>');
    const setCookie = page.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    cookie = setCookie.split(';')[0] ?? '';
    expect(cookie).toBe(`shoebox_token_${h.server.port}=${h.server.token}`);
  });

  it("lets the cookie load the page's scripts, but never the API, events or photos", async () => {
    const script = await get('/assets/app.js', { cookie });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.headers['content-security-policy']).toBe(CSP);

    const forged = await get('/assets/app.js', {
      cookie: `shoebox_token_${h.server.port}=${'y'.repeat(43)}`,
    });
    expect(forged.status).toBe(401);
    for (const path of ['/api/events', '/thumb/abc', '/original/abc']) {
      expect((await get(path, { cookie })).status, path).toBe(401);
    }
    const api = await rawRequest(h.server.port, {
      method: 'POST',
      path: '/api/status',
      headers: { cookie },
      body: '{}',
    });
    expect(api.status).toBe(401);
  });

  it('answers a client-side route with index.html and a missing asset with 404', async () => {
    const route = await get('/albums/42', { cookie });
    expect(route.status).toBe(200);
    expect(route.text).toContain('<title>Shoebox</title>');
    const missing = await get('/assets/missing.js', { cookie });
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('answers HEAD without a body and refuses other methods on the page', async () => {
    const head = await rawRequest(h.server.port, {
      method: 'HEAD',
      path: '/assets/app.js',
      headers: { cookie },
    });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String('console.log("shoebox");\n'.length));
    expect(head.body).toHaveLength(0);
    const put = await rawRequest(h.server.port, {
      method: 'PUT',
      path: `/?token=${h.server.token}`,
      body: 'x',
    });
    expect(put.status).toBe(405);
  });

  it('serves only the API when it has no built UI, and takes a fixed token when given one', async () => {
    const token = 'fixed-token-for-a-test-0123456789';
    const bare = await startServer({ core: h.core, token });
    try {
      expect(bare.url).toBe(`http://127.0.0.1:${bare.port}/?token=${token}`);
      const page = await rawRequest(bare.port, { path: `/?token=${token}` });
      expect(page.status).toBe(404);
      expect(page.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      const api = await rawRequest(bare.port, {
        method: 'POST',
        path: '/api/status',
        headers: { 'x-shoebox-token': token },
      });
      expect(api.status).toBe(200);
    } finally {
      await bare.close();
    }
    await expect(startServer({ core: h.core, token: 'short' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });
});
