import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import type { ModelDownloadEvent } from '../../../src-main/contract/models.js';
import type { Core } from '../../../src-main/core/core.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { DEFAULT_REGISTRY_PATH } from '../../../src-main/core/model/model-registry.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';
import { HttpTestServer } from '../model/helpers/http-test-server.js';

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('the models API of the core', () => {
  const server = new HttpTestServer();
  let work: { dir: string; cleanup: () => Promise<void> };
  let core: Core | null = null;
  const saved = { ...process.env };

  beforeAll(async () => {
    work = await makeTempDir('shoebox-model-service-');
    process.env['SHOEBOX_MODEL_MIRROR'] = await server.start();
  });
  afterEach(async () => {
    await core?.close();
    core = null;
  });
  afterAll(async () => {
    process.env = saved;
    await server.close();
    await work.cleanup();
  });

  it('downloads in the background with progress events, and a cancel installs nothing', async () => {
    // The shipped catalogue's default model, its files served by the loopback mirror; the big tower stalls.
    const catalogue = JSON.parse(await readFile(DEFAULT_REGISTRY_PATH, 'utf8')) as {
      models: { id: string; files: { url: string; sha256: string | null; size: number | null; approxSize: number }[]; variants: { files: { url: string; sha256: string | null; size: number | null; approxSize: number }[] }[] }[];
    };
    const entry = catalogue.models.find((m) => m.id === 'clip-vit-b32');
    if (!entry) throw new Error('no clip-vit-b32 in the shipped catalogue');
    for (const file of [...entry.files, ...(entry.variants[0]?.files ?? [])]) {
      const body = Buffer.alloc(3000, 7);
      Object.assign(file, { sha256: createHash('sha256').update(body).digest('hex'), size: body.length, approxSize: body.length });
      server.serve(new URL(file.url).pathname, body, file.url.endsWith('vision_model.onnx') ? [{ kind: 'stall', bytes: 1000 }] : []);
    }
    const modelRegistryFile = path.join(work.dir, 'models.json');
    await writeFile(modelRegistryFile, JSON.stringify(catalogue));
    process.env['SHOEBOX_CATALOGUE'] = modelRegistryFile;

    const library = path.join(work.dir, 'library');
    core = await createCore({ libraryDir: library });
    const events: ModelDownloadEvent[] = [];
    core.on('modelDownload', (e) => events.push(e));
    const first = await core.downloadModel({ id: 'clip-vit-b32' });
    expect(first).toMatchObject({ id: 'clip-vit-b32', state: 'running', bytesDone: 0 });
    expect((await core.listModels({})).find((m) => m.id === 'clip-vit-b32')).toMatchObject({ downloading: true, installed: null });
    const tower = new URL(entry.variants[0]?.files[0]?.url ?? '').pathname;
    await waitFor('the stalled tower to start', () => server.requestsFor(tower).length > 0);
    expect(await core.cancelModelDownload({ id: 'clip-vit-b32' })).toEqual({ cancelled: true });
    await waitFor('the cancel', () => events.some((e) => e.state === 'cancelled'));
    expect(events.at(-1)).toMatchObject({ state: 'cancelled', error: { code: 'CANCELLED' } });
    expect((await readdir(path.join(library, 'models'))).filter((n) => !n.startsWith('.'))).toEqual([]);
    expect((await core.listModels({})).find((m) => m.id === 'clip-vit-b32')).toMatchObject({ downloading: false, installed: null });
    await failure(core.useModel({ id: 'clip-vit-b32' })).then((e) => expect(e.code).toBe('MODEL_NOT_FOUND'));
  });

  it('answers without a model: status, a diagnosis without throughput, and MODEL_NOT_READY for scores', async () => {
    core = await createCore({ libraryDir: path.join(work.dir, 'empty') });
    expect(await core.modelStatus({})).toEqual({
      settings: { model: null, provider: 'auto', threads: null, textTower: 'auto' },
      multilingual: null,
      serving: null,
      switching: null,
    });
    const d = await core.diagnose({ seconds: 0 });
    expect(d).toMatchObject({ model: null, throughput: null, towers: { image: null, text: null } });
    expect(d.backends.map((b) => b.name)).toContain('cpu');
    const error = await failure(core.classify({ imagePath: '/nowhere.jpg', prompts: ['a dog'] }));
    expect(error.code).toBe('MODEL_NOT_READY');
    await expect(core.classify({ prompts: ['a dog'] })).rejects.toThrow(/photoId or imagePath/);
    await failure(core.useModel({ dir: await tinyModelDir(), provider: 'gpu' })).then((e) => expect(e.code).toBe('INVALID_INPUT'));
  });

  it('opens a library whose chosen model is broken, says why, and lets another be chosen', async () => {
    const library = path.join(work.dir, 'broken-choice');
    const broken = path.join(work.dir, 'not-a-model');
    await mkdir(broken, { recursive: true });
    await mkdir(library, { recursive: true });
    await writeFile(path.join(library, 'settings.json'), JSON.stringify({ model: broken }));
    core = await createCore({ libraryDir: library });
    const status = await core.modelStatus({});
    expect(status.serving).toBeNull();
    expect(status.problem).toMatch(/not-a-model is missing onnx\/vision_model\.onnx/);
    const chosen = await core.useModel({ dir: await tinyModelDir() });
    expect(chosen.serving?.id).toBe(path.basename(await tinyModelDir()));
    expect(chosen.problem).toBeUndefined();
  });

  it('scores a library photo by id with the template ensemble, and keeps the sentence vectors on disk', async () => {
    const library = path.join(work.dir, 'scored');
    const photos = path.join(work.dir, 'scored-photos');
    const files = await writeColourSet(photos, ['green', 'blue'], 1);
    core = await createCore({ libraryDir: library, modelDir: await tinyModelDir() });
    await core.addRoot({ path: photos });
    await core.rescan({});
    const green = (await core.listPhotos({})).photos.find((p) => p.path === files['green']?.[0]);
    const scores = await core.classify({ photoId: green?.id ?? '', prompts: ['blue', 'green', 'yellow'] });
    expect(scores[0]?.prompt).toBe('green');
    expect(scores.reduce((sum, s) => sum + s.probability, 0)).toBeCloseTo(1, 9);
    await core.close();
    const cache = (await readdir(path.join(library, 'cache'))).filter((n) => n.startsWith('text-'));
    expect(cache).toHaveLength(1);
    const size = (await readFile(path.join(library, 'cache', cache[0] ?? ''))).length;

    core = await createCore({ libraryDir: library, modelDir: await tinyModelDir() });
    expect((await core.classify({ photoId: green?.id ?? '', prompts: ['green', 'blue'] }))[0]?.prompt).toBe('green');
    await core.close();
    expect((await readFile(path.join(library, 'cache', cache[0] ?? ''))).length).toBe(size);
  });
});
