import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoEventName } from '../../src-main/contract/events.js';
import { CoreHostClient } from '../../src-main/shell/core-client.js';
import { writeColourSet } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { waitFor } from '../helpers/wait-for.js';
import { hostForker } from './host-process.js';

describe('the core host in its own process, driven by CoreHostClient', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let photos = '';
  let client: CoreHostClient;
  const forker = hostForker();
  const events: { name: PhotoEventName; payload: unknown }[] = [];

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-shell-host-'));
    photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'blue'], 1);
    const options = { libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() };
    client = CoreHostClient.start(forker.fork, options, { restarts: 1, windowMs: 60_000 });
    client.onEvent((name, payload) => events.push({ name, payload }));
  });
  afterAll(async () => {
    await client.close();
    for (const child of forker.children) child.kill('SIGKILL');
    await cleanup();
  });

  it('answers calls with the wire envelope and forwards the core’s events', async () => {
    expect(await client.call('addRoot', { path: photos })).toMatchObject({ ok: true });
    expect(await client.call('rescan', {})).toMatchObject({ ok: true });
    await waitFor('two photoIndexed events', () => events.filter((e) => e.name === 'photoIndexed').length === 2, 60_000);
    expect(events.some((e) => e.name === 'indexProgress')).toBe(true);
    const listed = await client.call('listPhotos', {});
    expect(listed).toMatchObject({ ok: true, value: { total: 2 } });
  });

  it('answers a failing call with its error code, and a file by id with its path', async () => {
    expect(await client.call('getPhoto', { id: 'no-such-photo' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await client.call('search', { text: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const indexed = events.find((e) => e.name === 'photoIndexed')?.payload as { id: string; path: string };
    const original = await client.file('original', indexed.id);
    expect(original).toEqual({ ok: true, value: { path: indexed.path, mime: 'image/jpeg' } });
    const thumb = await client.file('thumb', indexed.id);
    expect(thumb).toMatchObject({ ok: true, value: { mime: expect.stringMatching(/^image\//) as string } });
  });

  it('answers the calls in flight when the host crashes, starts it again, and serves the next calls', async () => {
    const first = forker.children.at(-1);
    const inFlight = client.call('listPhotos', {});
    first?.kill('SIGKILL');
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringMatching(/started again/) as string } });
    expect(forker.children).toHaveLength(2);
    expect(await client.call('listPhotos', {})).toMatchObject({ ok: true, value: { total: 2 } });
  });

  it('stops for good after more crashes than the policy allows, answering every call with the error', async () => {
    forker.children.at(-1)?.kill('SIGKILL');
    await waitFor('the engine to be reported stopped', async () => {
      const result = await client.call('status', {});
      return !result.ok && /restart Shoebox/.test(result.error.message);
    });
    expect(forker.children).toHaveLength(2);
  });
});
