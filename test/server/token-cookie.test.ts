import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitTarget } from '../../src-main/server/request-guard.js';
import { callApi, rawRequest, startHarness, type Harness } from './harness.js';

/** A request written by hand on a socket: HTTP/1.0 may leave out the Host header, which no HTTP client lets one do. */
function bareRequest(port: number, requestLine: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${requestLine}\r\n\r\n`));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the page token: its cookie, and the refusals that say why', () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    h = await startHarness();
    cookie = `shoebox_token_${h.server.port}=${h.server.token}`;
  });
  afterAll(async () => h.close());
  const get = (path: string, headers: Record<string, string> = {}) => rawRequest(h.server.port, { path, headers });

  it('gives the page opened with its token a cookie for this port only, strict and out of reach of scripts', async () => {
    const page = await get(`/?token=${h.server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toEqual([`${cookie}; Path=/; HttpOnly; SameSite=Strict`]);
  });

  it('lets that cookie, among others, load the page\'s own files, and nothing else', async () => {
    expect((await get('/assets/app.js', { cookie })).status).toBe(200);
    expect((await get('/assets/app.js', { cookie: `theme=dark; ${cookie}; other=1` })).status).toBe(200);
    const refused = [
      await get('/assets/app.js', { cookie: `shoebox_token_${h.server.port}=${'x'.repeat(h.server.token.length)}` }),
      await get('/assets/app.js', { cookie: `shoebox_token_${h.server.port + 1}=${h.server.token}` }),
      await get('/assets/app.js', { cookie: `theme=${h.server.token}` }),
      await get('/assets/app.js', { cookie: '' }),
      // Never the data: the API and the photos want the token itself.
      await get('/thumb/abc', { cookie }),
      await rawRequest(h.server.port, { method: 'POST', path: '/api/status', headers: { cookie, 'content-type': 'application/json' }, body: '{}' }),
    ];
    for (const response of refused) {
      expect(response.status, response.text).toBe(401);
      expect(response.json()).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Missing or wrong token: open the URL printed by `npm run serve`, which carries it.' },
      });
    }
  });

  it('says what to do when refusing a foreign Host, a missing Host and a foreign Origin', async () => {
    const port = h.server.port;
    const foreignHost = await callApi(h, 'status', {}, { host: 'evil.example' });
    expect(foreignHost.json()).toMatchObject({ error: { message: `This server answers only to 127.0.0.1:${port}; open the URL Shoebox printed.` } });
    const noHost = await bareRequest(port, `GET /?token=${h.server.token} HTTP/1.0`);
    expect(noHost).toMatch(/^HTTP\/1\.[01] 421 /);
    expect(noHost).toContain(`answers only to 127.0.0.1:${port}`);
    const origin = await callApi(h, 'status', {}, { origin: 'http://evil.example' });
    expect(origin.json()).toMatchObject({ error: { message: 'Requests from http://evil.example are refused: only the Shoebox page may use this server.' } });
  });

  it('splits a request target at its first "?", keeping the path exactly as sent', () => {
    const split = (target: string) => {
      const { rawPath, query } = splitTarget(target);
      return [rawPath, query.toString()];
    };
    expect(split('?token=a')).toEqual(['', 'token=a']);
    expect(split('/thumb/../x?token=a?b')).toEqual(['/thumb/../x', 'token=a%3Fb']);
    expect(split('/assets/app.js')).toEqual(['/assets/app.js', '']);
  });
});
