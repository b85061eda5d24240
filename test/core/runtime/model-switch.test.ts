import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelSwitchEvent } from '../../../src-main/contract/models.js';
import type { Core } from '../../../src-main/core/core.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { writeTinyClipModel } from '../../fixtures/tiny-clip.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';

/** Which model's vectors answered: every call captures the serving engine when it starts. */
async function servedBy(core: Core, photoId: string): Promise<{ status: string; photo: string | null; topHit: string }> {
  const [status, photo, search] = await Promise.all([
    core.status({}),
    core.getPhoto({ id: photoId }),
    core.search({ text: 'red', limit: 3 }),
  ]);
  return { status: status.model?.id ?? '', photo: photo.modelId, topHit: search.hits[0]?.path ?? '' };
}

describe('switching models', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core | null = null;
  let small: string;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-switch-'));
    small = (await writeTinyClipModel(path.join(dir, 'tiny-d16'), { embeddingSize: 16 })).dir;
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });

  it('embeds the library again in the background while search answers from the old vectors', async () => {
    const library = path.join(dir, 'library');
    const photos = path.join(dir, 'photos');
    const files = await writeColourSet(photos, ['red', 'green', 'blue', 'yellow'], 3);
    const big = await tinyModelDir();
    const bigId = path.basename(big);
    core = await createCore({ libraryDir: library, modelDir: big, batchSize: 1 });
    await core.addRoot({ path: photos });
    await core.rescan({});
    const ids = (await core.listPhotos({})).photos.map((p) => p.id).sort();
    const redId = (await core.listPhotos({})).photos.find((p) => p.path === files['red']?.[0])?.id ?? '';
    await core.close();

    // Reopened without --model: the library's own settings decide, and useModel changes them.
    core = await createCore({ libraryDir: library, batchSize: 1 });
    expect((await core.status({})).model).toBeNull();
    await core.useModel({ dir: big });
    expect((await core.modelStatus({})).switching).toBeNull();
    const events: ModelSwitchEvent[] = [];
    core.on('modelSwitch', (e) => events.push(e));

    const status = await core.useModel({ dir: small });
    expect(status.switching).toMatchObject({ from: bigId, to: 'tiny-d16', state: 'running' });
    const during = await servedBy(core, redId);
    expect(during).toMatchObject({ status: bigId, photo: bigId });
    expect(files['red']).toContain(during.topHit);

    // Search keeps answering (from one model or the other, never failing) until the switch is over.
    const answers: string[] = [];
    await waitFor('the switch to finish', async () => {
      answers.push((await servedBy(core as Core, redId)).photo ?? '');
      return events.some((e) => e.state === 'done');
    });
    expect(answers.every((a) => a === bigId || a === 'tiny-d16')).toBe(true);

    const done = events.find((e) => e.state === 'done');
    expect(done).toMatchObject({ from: bigId, to: 'tiny-d16', done: 12, total: 12 });
    const after = await servedBy(core, redId);
    expect(after).toMatchObject({ status: 'tiny-d16', photo: 'tiny-d16' });
    expect(files['red']).toContain(after.topHit);
    expect((await core.status({})).model?.embeddingSize).toBe(16);
    expect((await core.listPhotos({})).photos.map((p) => p.id).sort()).toEqual(ids);
    expect((await core.modelStatus({})).switching).toBeNull();
    await core.close();

    // The choice persists, the new table serves at once, and the old one is still there to switch back to.
    core = await createCore({ libraryDir: library });
    expect((await core.modelStatus({})).serving?.id).toBe('tiny-d16');
    expect((await core.modelStatus({})).switching).toBeNull();
    expect((await readdir(path.join(library, 'catalog'))).filter((n) => n.startsWith('photos')).sort()).toEqual([
      'photos.lance',
      'photos__tiny-d16.lance',
    ]);
  });

  it('resumes an interrupted switch when the library opens again', async () => {
    const library = path.join(dir, 'library');
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'blue'], 2);
    const big = await tinyModelDir();
    core = await createCore({ libraryDir: library });
    await core.useModel({ dir: big });
    await core.addRoot({ path: photos });
    await core.rescan({});
    await core.useModel({ dir: small });
    await core.close();

    core = await createCore({ libraryDir: library });
    const status = await core.modelStatus({});
    expect(status.serving?.id).toBe(path.basename(big));
    expect(status.switching?.to).toBe('tiny-d16');
    const opened = core;
    await waitFor('the switch to finish', async () => (await opened.modelStatus({})).serving?.id === 'tiny-d16');
    expect((await core.search({ text: 'blue', limit: 2 })).hits.map((h) => path.basename(h.path)).sort()).toEqual([
      'blue-0.jpg',
      'blue-1.jpg',
    ]);
  });
  it('pauseIndexing holds a switch\'s re-embedding too, and resumeIndexing lets it finish', async () => {
    const library = path.join(dir, 'library');
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'green', 'blue'], 3);
    core = await createCore({ libraryDir: library, batchSize: 1 });
    await core.useModel({ dir: await tinyModelDir() });
    await core.addRoot({ path: photos });
    await core.rescan({});
    const events: ModelSwitchEvent[] = [];
    core.on('modelSwitch', (e) => events.push(e));
    expect((await core.pauseIndexing({})).state).toBe('paused');
    await core.useModel({ dir: small });
    // every photo is queued for the new model, and several progress reports later none has been embedded
    await waitFor('three reports of the queued switch', () => events.filter((e) => e.total === 9).length >= 3);
    expect(events.filter((e) => e.state === 'running').every((e) => e.done === 0)).toBe(true);
    expect((await core.modelStatus({})).switching).toMatchObject({ state: 'running', done: 0, total: 9 });

    await core.resumeIndexing({});
    const opened = core;
    await waitFor('the switch to finish', async () => (await opened.modelStatus({})).serving?.id === 'tiny-d16');
    expect(events.find((e) => e.state === 'done')).toMatchObject({ done: 9, total: 9 });
  });
});
