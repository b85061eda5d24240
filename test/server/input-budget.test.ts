import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxInputBytes } from '../../src-main/contract/page-guard.js';
import { callApi, startHarness, type Harness } from './harness.js';

const MiB = 1024 * 1024;

/** A JSON body of exactly `bytes` bytes: the input plus a padding field the contract ignores. */
function bodyOf(input: Record<string, unknown>, bytes: number): Record<string, unknown> {
  const bare = JSON.stringify({ ...input, pad: '' }).length;
  return { ...input, pad: 'x'.repeat(bytes - bare) };
}

describe('the size of a request body is bounded per method', () => {
  let h: Harness;
  beforeAll(async () => (h = await startHarness()));
  afterAll(async () => h.close());

  it('gives every method 1 MiB, and the two that carry a dropped photo 64 MiB', () => {
    expect(maxInputBytes('status')).toBe(MiB);
    expect(maxInputBytes('addRoot')).toBe(MiB);
    expect(maxInputBytes('startImport')).toBe(MiB);
    expect(maxInputBytes('search')).toBe(64 * MiB);
    expect(maxInputBytes('similarPhotos')).toBe(64 * MiB);
  });

  it('takes a body of exactly the budget and refuses one byte more with a 400 that says why', async () => {
    const fits = await callApi(h, 'status', bodyOf({}, MiB));
    expect(fits.status, fits.text).toBe(200);
    const over = await callApi(h, 'status', bodyOf({}, MiB + 1));
    expect(over.status).toBe(400);
    expect(over.json()).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: `The request body is over ${MiB} bytes; send a smaller input.` } });
  });

  it('lets a search or a "more like this" carry more than 1 MiB', async () => {
    const search = await callApi(h, 'search', bodyOf({ text: 'red' }, 2 * MiB));
    expect(search.status, search.text).toBe(200);
    const photoId = (await h.core.listPhotos({})).photos[0]?.id ?? '';
    const similar = await callApi(h, 'similarPhotos', bodyOf({ photoId }, 2 * MiB));
    expect(similar.status, similar.text).toBe(200);
  });
});
