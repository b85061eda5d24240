import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { LshIndex, lshParams } from '../../../src-main/core/albums/duplicates/lsh-blocking.js';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';
import { SHADES, writeMixedPhoto } from './mixed-photos.js';

const shade = (name: string): [number, number, number] => SHADES[name] ?? [0, 0, 0];

describe('duplicates', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('groups exact copies by hash and re-encodes by vector, suggests the keeper, deletes nothing', async () => {
    const photos = path.join(dir, 'photos');
    const original = await writeMixedPhoto(path.join(photos, 'red-blue.png'), shade('red'), shade('blue'), 0.5, 1);
    await writeMixedPhoto(path.join(photos, 'green-orange.png'), shade('green'), shade('orange'), 0.5, 2);
    await writeMixedPhoto(path.join(photos, 'pink-purple.png'), shade('pink'), shade('purple'), 0.3, 3);
    await writeMixedPhoto(path.join(photos, 'red-blue-more.png'), shade('red'), shade('blue'), 0.75, 4);
    await mkdir(path.join(photos, 'copies'));
    await copyFile(original, path.join(photos, 'copies', 'red-blue.png'));
    const big = path.join(photos, 'green-orange.png');
    await sharp(big).resize(48, 48).jpeg({ quality: 70 }).toFile(path.join(photos, 'copies', 'green-orange-small.jpg'));
    await sharp(big).resize(32, 32).webp({ quality: 50 }).toFile(path.join(photos, 'copies', 'green-orange-tiny.webp'));
    await core.addRoot({ path: photos });
    await core.rescan({});

    // rescan() can resolve before a copy that waited for its original is written (see the report); wait for it.
    await waitFor('the exact copy to be catalogued', async () => (await core.status({})).photos.indexed === 7);
    const report = await core.findDuplicates({});
    expect(report).toMatchObject({ nearThreshold: 0.95, photos: 7 });
    const shapes = report.groups.map((g) => ({
      kind: g.kind,
      files: g.photos.map((p) => path.relative(photos, p.path)),
      keeper: path.relative(photos, g.photos.find((p) => p.id === g.keeper)?.path ?? ''),
    }));
    expect(shapes).toEqual([
      { kind: 'exact', files: ['red-blue.png', 'copies/red-blue.png'], keeper: 'red-blue.png' },
      {
        kind: 'near',
        files: ['green-orange.png', expect.stringMatching(/^copies\/green-orange-(small|tiny)/), expect.stringMatching(/^copies\/green-orange-(small|tiny)/)],
        keeper: 'green-orange.png',
      },
    ]);
    const near = report.groups[1];
    expect(near?.reason).toBe('largest resolution (64×64)');
    expect(near?.photos.slice(1).every((p) => p.similarity >= 0.95 && p.similarity < 1)).toBe(true);
    expect((await core.status({})).photos.indexed).toBe(7);

    const strict = await core.findDuplicates({ nearThreshold: 1 });
    expect(strict.groups.map((g) => g.kind)).toEqual(['exact']);
  });

  it('keeps byte-identical files an exact group of their own beside their near copies, with sizes as the UI shows them', async () => {
    const photos = path.join(dir, 'photos');
    const original = await writeMixedPhoto(path.join(photos, 'green-orange.png'), shade('green'), shade('orange'), 0.5, 2);
    await writeMixedPhoto(path.join(photos, 'pink-purple.png'), shade('pink'), shade('purple'), 0.3, 3);
    await mkdir(path.join(photos, 'copies'));
    await copyFile(original, path.join(photos, 'copies', 'green-orange.png'));
    await sharp(original).jpeg({ quality: 60 }).toFile(path.join(photos, 'copies', 'green-orange-same-size.jpg'));
    await core.addRoot({ path: photos });
    await core.rescan({});
    await waitFor('every photo to be catalogued', async () => (await core.status({})).photos.indexed === 4);

    const report = await core.findDuplicates({});
    const shapes = report.groups.map((g) => ({ kind: g.kind, files: g.photos.map((p) => path.relative(photos, p.path)).sort() }));
    expect(shapes).toEqual([
      { kind: 'exact', files: ['copies/green-orange.png', 'green-orange.png'] },
      { kind: 'near', files: ['copies/green-orange-same-size.jpg', 'green-orange.png'] },
    ]);
    const near = report.groups[1];
    // a small file is "1.2 KB", never "0.0 MB", in the same 1024-based units as the tiles
    expect(near?.reason).toMatch(/^same resolution; largest file \(\d+(\.\d)? KB\)$/);
    expect(near?.photos[1]?.similarity).toBeLessThan(1);
  });
});

describe('near-duplicate blocking', () => {
  /** Clustered unit vectors with planted pairs at cosine ~0.96, to check the buckets catch them. */
  function syntheticLibrary(count: number, dim: number, planted: number): { values: Float32Array; ids: string[]; pairs: [string, string][] } {
    let state = 12345;
    const gaussian = (): number => {
      state = (state * 1103515245 + 12345) >>> 0;
      const u = (state + 1) / 4294967297;
      state = (state * 1103515245 + 12345) >>> 0;
      return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * state) / 4294967296);
    };
    const common = Float32Array.from({ length: dim }, gaussian);
    const values = new Float32Array(count * dim);
    const unit = (row: number, make: (j: number) => number): void => {
      let norm = 0;
      for (let j = 0; j < dim; j += 1) norm += (values[row * dim + j] = make(j)) ** 2;
      for (let j = 0; j < dim; j += 1) values[row * dim + j] = (values[row * dim + j] ?? 0) / Math.sqrt(norm);
    };
    // Like CLIP, every vector shares a common direction (cosines between unrelated photos ~0.5).
    for (let row = 0; row < count - planted; row += 1) unit(row, (j) => (common[j] ?? 0) + gaussian());
    const pairs: [string, string][] = [];
    for (let k = 0; k < planted; k += 1) {
      const row = count - planted + k;
      const twin = k * 7;
      unit(row, (j) => (values[twin * dim + j] ?? 0) + 0.012 * gaussian());
      pairs.push([`p${twin}`, `p${row}`]);
    }
    return { values, ids: Array.from({ length: count }, (_, i) => `p${i}`), pairs };
  }

  it('puts planted near pairs in a shared bucket while most unrelated pairs are never compared', () => {
    const dim = 64;
    const { values, ids, pairs } = syntheticLibrary(3000, dim, 60);
    const mean = new Float32Array(dim);
    for (let i = 0; i < values.length; i += 1) mean[i % dim] = (mean[i % dim] ?? 0) + (values[i] ?? 0) / ids.length;
    const m = mean.reduce((s, x) => s + x * x, 0);
    const index = new LshIndex(lshParams(ids.length, (0.95 - m) / (1 - m)), dim, mean);
    index.add({ ids, values, dim });
    const together = new Set<string>();
    let compared = 0;
    for (const bucket of index.crowded()) {
      compared += (bucket.length * (bucket.length - 1)) / 2;
      for (const a of bucket) for (const b of bucket) together.add(`${a}|${b}`);
    }
    const caught = pairs.filter(([a, b]) => together.has(`${a}|${b}`)).length;
    expect(caught / pairs.length).toBeGreaterThanOrEqual(0.95);
    expect(compared).toBeLessThan((ids.length * (ids.length - 1)) / 2 / 10);
  });
});
