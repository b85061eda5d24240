import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { SHADES, writeMixedPhoto } from './mixed-photos.js';

interface Spec {
  name: string;
  top: string;
  bottom: string;
  share: number;
  /** ground truth: "warm red" = mostly red, with orange if anything */
  warmRed: boolean;
}

/**
 * The prompt "red" scores a photo by how much of it is red, whatever the rest is; the person
 * wants warm reds only (red or red with orange), not red with pink, purple or blue. No
 * threshold on the prompt score can tell them apart, so the prompt alone is imperfect.
 */
function generatedSet(): Spec[] {
  const specs: Spec[] = [];
  const add = (top: string, bottom: string, share: number, copies: number, warmRed: boolean): void => {
    for (let n = 0; n < copies; n += 1) specs.push({ name: `${top}-${bottom}-${share}-${n}.png`, top, bottom, share, warmRed });
  };
  add('red', 'red', 1, 3, true);
  for (const share of [0.5, 0.6, 0.7, 0.8, 0.9]) add('red', 'orange', share, 2, true);
  for (const share of [0.6, 0.7, 0.8, 0.9]) add('red', 'pink', share, 2, false);
  for (const share of [0.6, 0.8]) add('red', 'purple', share, 2, false);
  add('red', 'blue', 0.7, 1, false);
  add('orange', 'orange', 1, 2, false);
  add('pink', 'pink', 1, 2, false);
  return specs;
}

function precisionRecall(members: ReadonlySet<string>, truth: ReadonlyMap<string, boolean>): { precision: number; recall: number } {
  const judged = [...truth.keys()];
  const truePositives = judged.filter((id) => members.has(id) && truth.get(id) === true).length;
  const predicted = judged.filter((id) => members.has(id)).length;
  const actual = judged.filter((id) => truth.get(id) === true).length;
  return { precision: predicted === 0 ? 0 : truePositives / predicted, recall: truePositives / actual };
}

describe('corrections teach an album (few-shot probe)', () => {
  let cleanup: () => Promise<void>;
  let core: Core;
  const idOf = new Map<string, string>();
  const truth = new Map<string, boolean>();

  beforeAll(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    const photos = path.join(temp.dir, 'photos');
    let seed = 1;
    for (const s of generatedSet()) {
      await writeMixedPhoto(path.join(photos, s.name), SHADES[s.top] ?? [0, 0, 0], SHADES[s.bottom] ?? [0, 0, 0], s.share, seed++);
    }
    core = await createCore({ libraryDir: path.join(temp.dir, 'library'), modelDir: await tinyModelDir() });
    await core.addRoot({ path: photos });
    await core.rescan({});
    const listed = await core.listPhotos({ limit: 1000 });
    for (const p of listed.photos) idOf.set(path.basename(p.path), p.id);
    for (const s of generatedSet()) truth.set(idOf.get(s.name) ?? '', s.warmRed);
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('raises precision and recall on the photos nobody labelled', async () => {
    const album = await core.createAlbum({ name: 'Warm red', prompts: ['red'], threshold: 0.75 });
    const members = async (): Promise<Set<string>> =>
      new Set((await core.albumPhotos({ albumId: album.id, limit: 1000 })).photos.map((p) => p.id));
    const labelled = {
      include: ['red-orange-0.6-0.png', 'red-orange-0.8-0.png', 'red-red-1-0.png'],
      exclude: ['red-pink-0.8-0.png', 'red-pink-0.9-0.png', 'red-purple-0.8-0.png'],
    };
    const unlabelled = new Map([...truth].filter(([id]) => ![...labelled.include, ...labelled.exclude].some((n) => idOf.get(n) === id)));
    const before = precisionRecall(await members(), unlabelled);

    const changes = [];
    for (const name of labelled.include) changes.push(await core.setAlbumMembership({ albumId: album.id, photoId: idOf.get(name) ?? '', include: true }));
    for (const name of labelled.exclude) changes.push(await core.setAlbumMembership({ albumId: album.id, photoId: idOf.get(name) ?? '', include: false }));
    const after = precisionRecall(await members(), unlabelled);
    console.log(`album "red", ${unlabelled.size} unlabelled photos: before precision ${before.precision.toFixed(2)} recall ${before.recall.toFixed(2)}; after 3+3 corrections precision ${after.precision.toFixed(2)} recall ${after.recall.toFixed(2)}`);

    expect(changes.slice(0, 5).every((c) => c.probe === null)).toBe(true);
    const last = changes.at(-1);
    expect(last?.probe).toMatchObject({ positives: 3, negatives: 3 });
    expect(last?.changed).toBeGreaterThan(1);
    expect(before.precision).toBeLessThan(0.5);
    expect(before.recall).toBeLessThanOrEqual(0.8);
    expect(after.precision).toBeGreaterThanOrEqual(0.9);
    expect(after.recall).toBeGreaterThanOrEqual(before.recall);
    expect(after.recall).toBeGreaterThanOrEqual(0.9);
  });
});
