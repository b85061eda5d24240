import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, rawRequest, SECRET, startHarness, type Harness } from './harness.js';

describe('loopback server: who may ask, and for what', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(h.server.port, { path, headers });
  const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${h.server.token}`;

  it('binds 127.0.0.1 on a random port and prints a URL that carries a 32-byte token', () => {
    expect(h.server.url).toBe(`http://127.0.0.1:${h.server.port}/?token=${h.server.token}`);
    expect(Buffer.from(h.server.token, 'base64url')).toHaveLength(32);
  });

  it('answers 401 with a JSON error without the token or with a wrong one, on every route', async () => {
    const wrong = 'x'.repeat(h.server.token.length);
    const refused = [
      await callApi(h, 'status', {}, { 'x-shoebox-token': '' }),
      await callApi(h, 'status', {}, { 'x-shoebox-token': wrong }),
      await rawRequest(h.server.port, { method: 'POST', path: '/api/status', body: '{}' }),
      await get('/api/events'),
      await get(`/api/events?token=${wrong}`),
      await get('/thumb/abc'),
      await get('/'),
      await get('/assets/app.js'),
    ];
    for (const response of refused) {
      expect(response.status).toBe(401);
      expect(response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('refuses a foreign Origin with 403 even with the right token, and accepts its own', async () => {
    for (const origin of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${h.server.port + 1}`,
      'https://127.0.0.1',
    ]) {
      const response = await callApi(h, 'status', {}, { origin });
      expect(response.status, origin).toBe(403);
      expect(response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await callApi(h, 'status', {}, { origin: `http://127.0.0.1:${h.server.port}` })).status).toBe(
      200,
    );
    expect((await callApi(h, 'status', {}, { origin: `http://localhost:${h.server.port}` })).status).toBe(
      200,
    );
  });

  it('refuses any Host but 127.0.0.1:PORT and localhost:PORT (DNS rebinding)', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${h.server.port}`,
      `127.0.0.1:${h.server.port + 1}`,
      '127.0.0.1',
    ]) {
      const response = await callApi(h, 'status', {}, { host });
      expect(response.status, host).toBe(421);
      expect(response.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect((await callApi(h, 'status', {}, { host: `localhost:${h.server.port}` })).status).toBe(200);
  });

  it('never turns a path into a file through the photo routes', async () => {
    const attempts = [
      '/thumb/../../etc/passwd',
      '/thumb/..%2f..%2f..%2fetc%2fpasswd',
      '/thumb/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/original/%2e%2e%2f%2e%2e%2f%2e%2e%2fsecret.txt',
      '/original/..%5c..%5csecret.txt',
      '/original/%2Fetc%2Fpasswd',
      '/full/..%2f..%2fetc%2fpasswd',
      '/thumb/a/b',
      '/thumb/',
      `/original/${'a'.repeat(129)}`,
    ];
    for (const attempt of attempts) {
      const response = await get(withToken(attempt));
      expect(response.status, attempt).toBe(400);
      expect(response.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(response.text).not.toContain('root:');
      expect(response.text).not.toContain(SECRET);
    }
  });

  it('answers 404 for a well-formed id that is not in the library', async () => {
    for (const route of ['thumb', 'original', 'full']) {
      const response = await get(withToken(`/${route}/${'ab12'.repeat(16)}`));
      expect(response.status).toBe(404);
      expect(response.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('never serves a file outside the built UI, by `..`, escapes or a symlink', async () => {
    const attempts = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/leak.txt',
    ];
    for (const attempt of attempts) {
      const response = await get(withToken(attempt));
      expect(response.status, attempt).toBe(403);
      expect(response.text).not.toContain(SECRET);
    }
    const passwd = await get(withToken('/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd'));
    expect(passwd.status).toBe(403);
    expect(passwd.text).not.toContain('root:');
  });

  it('never opens a file by a path the page names, but takes the bytes of a dropped photo', async () => {
    const red = h.photos['red']?.[0] ?? '';
    const byPath = await callApi(h, 'search', { image: { path: red } });
    expect(byPath.status).toBe(403);
    expect(byPath.json()).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const classify = await callApi(h, 'classify', { imagePath: red, prompts: ['red', 'blue'] });
    expect(classify.status).toBe(403);

    const { readFile } = await import('node:fs/promises');
    const bytesBase64 = (await readFile(red)).toString('base64');
    const byBytes = await callApi(h, 'search', { image: { bytesBase64, name: 'dropped.jpg' }, limit: 1 });
    expect(byBytes.status).toBe(200);
    const hits = (byBytes.json() as { value: { hits: { path: string }[] } }).value.hits;
    expect(h.photos['red']).toContain(hits[0]?.path);
  });
});
