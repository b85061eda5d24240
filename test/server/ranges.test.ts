import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRange } from '../../src-main/http/byte-range.js';
import { fileResponse } from '../../src-main/shell/file-response.js';
import { callApi, rawRequest, startHarness, type Harness } from './harness.js';

describe('byte ranges, as a <video> asks for them', () => {
  let h: Harness;
  let photo: { id: string; path: string };
  let bytes: Buffer;
  beforeAll(async () => {
    h = await startHarness();
    const page = (await callApi(h, 'listPhotos', {})).json() as { value: { photos: { id: string; path: string }[] } };
    const first = page.value.photos[0];
    if (!first) throw new Error('the harness indexed no photo');
    photo = first;
    bytes = await readFile(photo.path);
  });
  afterAll(() => h.close());

  it('parses one range of bytes: from, to, suffix, past the end', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=900-', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=500-5000', 1000)).toEqual({ start: 500, end: 999 });
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,5-9', 1000)).toBeNull();
    expect(parseRange('items=0-1', 1000)).toBeNull();
    expect(parseRange(undefined, 1000)).toBeNull();
  });

  it('answers 206 with the asked bytes over HTTP, 416 past the end, and advertises ranges', async () => {
    const url = `/original/${photo.id}?token=${h.server.token}`;
    const part = await rawRequest(h.server.port, { path: url, headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${bytes.length}`);
    expect(part.body.equals(bytes.subarray(100, 200))).toBe(true);
    const whole = await rawRequest(h.server.port, { path: url });
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.body.equals(bytes)).toBe(true);
    const past = await rawRequest(h.server.port, { path: url, headers: { range: `bytes=${bytes.length}-` } });
    expect(past.status).toBe(416);
  });

  it("answers ranges the same way through the app's photo:// handler", async () => {
    const file = path.join(h.dir, 'clip.bin');
    await writeFile(file, bytes);
    const part = await fileResponse(file, 'video/mp4', 'bytes=-50');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes ${bytes.length - 50}-${bytes.length - 1}/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(bytes.length - 50))).toBe(true);
    const whole = await fileResponse(file, 'video/mp4', null);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fileResponse(file, 'video/mp4', 'bytes=999999-')).status).toBe(416);
  });
});
