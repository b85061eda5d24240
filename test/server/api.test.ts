import { readFile } from 'node:fs/promises';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, rawRequest, startHarness, type Harness } from './harness.js';

interface SseEvent {
  name: string;
  data: unknown;
}

/** Reads a server-sent event stream into parsed events as they arrive. */
function openEvents(
  port: number,
  token: string,
): Promise<{ res: IncomingMessage; events: SseEvent[]; raw: () => string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet({ host: '127.0.0.1', port, path: `/api/events?token=${token}` }, (res) => {
      const events: SseEvent[] = [];
      let buffer = '';
      let raw = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (name !== undefined && data !== undefined) events.push({ name, data: JSON.parse(data) });
        }
      });
      resolve({ res, events, raw: () => raw });
    });
    req.on('error', reject);
  });
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('loopback server: the PhotoApi over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('round-trips a call: status answers { ok: true, value } with the real library', async () => {
    const response = await callApi(h, 'status', {});
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toMatchObject({
      ok: true,
      value: { photos: { indexed: 3, failed: 0 }, model: { embeddingSize: 32 } },
    });
  });

  it('treats an empty body as {} and answers null for a void method', async () => {
    const empty = await rawRequest(h.server.port, {
      method: 'POST',
      path: '/api/listRoots',
      headers: { 'x-shoebox-token': h.server.token },
    });
    expect(empty.status).toBe(200);
    expect(empty.json()).toMatchObject({ ok: true, value: [{ photoCount: 3 }] });
    expect((await callApi(h, 'pauseIndexing', {})).json()).toMatchObject({ ok: true });
    expect((await callApi(h, 'resumeIndexing', {})).json()).toMatchObject({ ok: true });
  });

  it('searches with the real model: "red" finds the red photo first', async () => {
    const response = await callApi(h, 'search', { text: 'red', limit: 3 });
    const body = response.json() as { ok: true; value: { hits: { path: string }[] } };
    expect(body.value.hits[0]?.path).toBe(h.photos['red']?.[0]);
  });

  it('answers 400 INVALID_INPUT for an input its schema refuses, and for a body that is not JSON', async () => {
    const bad = [
      await callApi(h, 'search', { text: '   ' }),
      await callApi(h, 'search', { text: 'red', limit: -3 }),
      await callApi(h, 'listPhotos', { limit: 'many' }),
      await callApi(h, 'getPhoto', []),
      await rawRequest(h.server.port, {
        method: 'POST',
        path: '/api/status',
        headers: { 'x-shoebox-token': h.server.token },
        body: '{"not json',
      }),
    ];
    for (const response of bad) {
      expect(response.status, response.text).toBe(400);
      const body = response.json() as { ok: false; error: { code: string; message: string } };
      expect(body).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.any(String) as string },
      });
    }
    expect((bad[1]?.json() as { error: { message: string } }).error.message).toContain('limit');
  });

  it("maps the core's error codes to statuses: NOT_FOUND is 404", async () => {
    const response = await callApi(h, 'getPhoto', { id: 'no-such-photo' });
    expect(response.status).toBe(404);
    expect(response.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it("answers an unparsable search with 400 QUERY_INVALID and the parser's message, not a 500", async () => {
    const text = '2:';
    const response = await callApi(h, 'search', { text });
    expect(response.status, response.text).toBe(400);
    const { error } = response.json() as { error: { code: string; message: string } };
    expect(error.code).toBe('QUERY_INVALID');
    expect(error.message).toContain(`in the search: ${text}`);
  });

  it('answers 404 for an unknown method (prototype names included) and 405 for GET', async () => {
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 'status%2F..']) {
      const response = await callApi(h, method, {});
      expect(response.status, method).toBe(404);
      expect(response.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
    const get = await rawRequest(h.server.port, { path: `/api/status?token=${h.server.token}` });
    expect(get.status).toBe(405);
  });

  it("serves a photo's thumbnail and original by id, with type and cache headers", async () => {
    const page = (await callApi(h, 'listPhotos', {})).json() as {
      value: { photos: { id: string; path: string }[] };
    };
    const photo = page.value.photos[0];
    if (!photo) throw new Error('the harness indexed no photo');
    const thumb = await rawRequest(h.server.port, { path: `/thumb/${photo.id}?token=${h.server.token}` });
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    expect(thumb.headers['cache-control']).toMatch(/max-age=\d+/);
    expect([...thumb.body.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    const original = await rawRequest(h.server.port, {
      path: `/original/${photo.id}?token=${h.server.token}`,
    });
    expect(original.status).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(original.body.equals(await readFile(photo.path))).toBe(true);
    // every pixel, for the viewer's 1:1 zoom: a JPEG is its own full resolution
    const full = await rawRequest(h.server.port, { path: `/full/${photo.id}?token=${h.server.token}` });
    expect(full.status).toBe(200);
    expect(full.body.equals(await readFile(photo.path))).toBe(true);
  });

  it('streams core events as server-sent events, and ends the stream on close', async () => {
    const stream = await openEvents(h.server.port, h.server.token);
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await until('the stream to open', () => (stream.raw().startsWith(': connected') ? true : undefined));
    expect((await callApi(h, 'rescan', {})).status).toBe(200);
    const progress = await until('an indexProgress event', () =>
      stream.events.find((e) => e.name === 'indexProgress'),
    );
    expect(progress.data).toMatchObject({
      state: expect.any(String) as string,
      total: expect.any(Number) as number,
    });

    const ended = new Promise<void>((resolve) => stream.res.on('end', resolve));
    await h.server.close();
    await ended;
  });
});
