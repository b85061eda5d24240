import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClipModel, type ClipModel } from '../../../src-main/core/model/clip-model.js';
import {
  colourImageTensor,
  referenceFixturesDir,
  writeTinyClipModel,
  type Rgb,
} from '../../fixtures/tiny-clip.js';

const RED: Rgb = [0.8, 0.12, 0.1];
const BLUE: Rgb = [0.15, 0.3, 0.8];
const IMAGES: Record<string, Float32Array> = {
  red: colourImageTensor(RED, { noise: 0.1, seed: 1 }),
  green: colourImageTensor([0.2, 0.6, 0.25], { noise: 0.1, seed: 2 }),
  blue: colourImageTensor(BLUE, { noise: 0.1, seed: 3 }),
  dark: colourImageTensor([0.1, 0.09, 0.08], { noise: 0.05, seed: 4 }),
  bright: colourImageTensor([0.93, 0.93, 0.9], { noise: 0.05, seed: 5 }),
  // two thirds red, one third blue: red, but less so than the red photo
  mostlyRed: colourImageTensor((x) => (x < 150 ? RED : BLUE), { noise: 0.1, seed: 6 }),
};
const NAMES = Object.keys(IMAGES);

function batchOf(tensors: Float32Array[]): Float32Array {
  const out = new Float32Array(tensors.reduce((n, t) => n + t.length, 0));
  tensors.reduce((offset, t) => (out.set(t, offset), offset + t.length), 0);
  return out;
}

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

let work: string;
let dir: string;
let model: ClipModel;
let imageVectors: Float32Array[];

async function scores(text: string): Promise<Record<string, number>> {
  const [vector] = await model.embedTexts([text]);
  if (vector === undefined) throw new Error('no text vector');
  return Object.fromEntries(
    NAMES.map((name, i) => [name, dot(vector, imageVectors[i] ?? new Float32Array())]),
  );
}

function ranking(s: Record<string, number>): string[] {
  return Object.entries(s)
    .sort((a, b) => b[1] - a[1])
    .map(([name]) => name);
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'shoebox-clip-model-'));
  dir = (await writeTinyClipModel(path.join(work, 'tiny-clip'))).dir;
  model = await loadClipModel(dir, { provider: 'cpu', threads: 1 });
  imageVectors = await model.embedImages(
    batchOf(NAMES.map((n) => IMAGES[n] ?? new Float32Array())),
    NAMES.length,
  );
});

afterAll(async () => {
  await model.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('ClipModel on the tiny CLIP', () => {
  it('returns one unit-length vector of the embedding size per image and per text', async () => {
    expect(imageVectors).toHaveLength(NAMES.length);
    const texts = await model.embedTexts(['red', 'a photo of a dog', '']);
    for (const v of [...imageVectors, ...texts]) {
      expect(v).toHaveLength(32);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
  });

  it('"red" ranks the red photo first and the mostly red one second', async () => {
    const s = await scores('red');
    expect(ranking(s).slice(0, 2)).toEqual(['red', 'mostlyRed']);
    expect(s['red']).toBeGreaterThan(0.5);
    expect(Math.max(s['green'] ?? 1, s['blue'] ?? 1, s['dark'] ?? 1, s['bright'] ?? 1)).toBeLessThan(0.2);
  });

  it.each(['green', 'blue', 'dark', 'bright'])('"%s" ranks its photo first, clearly ahead', async (word) => {
    const s = await scores(word);
    const [first, second] = ranking(s);
    expect(first).toBe(word);
    expect((s[word] ?? 0) - (s[second ?? ''] ?? 0)).toBeGreaterThan(0.3);
  });

  it('finds the colour inside a sentence, and grey is gray', async () => {
    expect(ranking(await scores('a photo of a red car'))[0]).toBe('red');
    const [gray, grey] = await model.embedTexts(['gray', 'grey']);
    expect(dot(gray ?? new Float32Array(), grey ?? new Float32Array())).toBeCloseTo(1, 5);
  });

  it('an unknown word ("beanie") matches nothing in particular', async () => {
    const beanie = await scores('beanie');
    for (const name of NAMES) expect(beanie[name]).toBeLessThan(0.2);
    expect((await scores('red'))['red']).toBeGreaterThan((beanie['red'] ?? 0) + 0.3);
  });

  it('embeds an image the same alone as in a batch, and texts the same alone as in a batch', async () => {
    const [alone] = await model.embedImages(IMAGES['blue'] ?? new Float32Array(), 1);
    expect(
      dot(alone ?? new Float32Array(), imageVectors[NAMES.indexOf('blue')] ?? new Float32Array()),
    ).toBeCloseTo(1, 5);
    const [short] = await model.embedTexts(['red']);
    const [, padded] = await model.embedTexts(['a long sentence about a red car on a road', 'red']);
    expect(dot(short ?? new Float32Array(), padded ?? new Float32Array())).toBeCloseTo(1, 5);
  });

  it('ranks real photos sensibly: "blue" finds the sky of the bridge, "dark" the dark sample', async () => {
    const fixtures = path.join(referenceFixturesDir(), 'preprocess');
    const index = JSON.parse(await readFile(path.join(fixtures, 'index.json'), 'utf8')) as {
      cases: { image: string; tensor: string }[];
    };
    const tensors = await Promise.all(
      index.cases.map(async (c) => {
        const bytes = await readFile(path.join(fixtures, c.tensor));
        return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      }),
    );
    const photos = await model.embedImages(batchOf(tensors), tensors.length);
    const [blue, dark] = await model.embedTexts(['blue', 'dark']);
    const best = (text: Float32Array | undefined): string | undefined => {
      const s = photos.map((p) => dot(p, text ?? new Float32Array()));
      return index.cases[s.indexOf(Math.max(...s))]?.image;
    };
    expect(best(blue)).toBe('lomiri_Bridge_by_Sander_Klootwijk.jpg');
    expect(best(dark)).toBe('goexif_sample1_NikonD2H.jpg');
  });

  it('rejects pixels that do not fill the batch', async () => {
    await expect(model.embedImages(new Float32Array(10), 1)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(await model.embedImages(new Float32Array(0), 0)).toEqual([]);
  });
});

describe('loadClipModel', () => {
  it('loads each tower only when first used', async () => {
    const lazy = await loadClipModel(dir, { provider: 'cpu' });
    expect(lazy.providers).toEqual({ image: null, text: null });
    expect(lazy.provider).toBe('cpu');
    await lazy.embedTexts(['red']);
    expect(lazy.providers.image).toBeNull();
    expect(lazy.providers.text).toEqual({ provider: 'cpu', tried: [] });
    // the pixels are handed to the tower's thread, so the shared fixture goes as a copy
    await lazy.embedImages((IMAGES['red'] ?? new Float32Array()).slice(), 1);
    expect(lazy.providers.image?.provider).toBe('cpu');
    await lazy.dispose();
  });

  it('refuses work after dispose', async () => {
    const closed = await loadClipModel(dir, { provider: 'cpu' });
    const pending = closed.embedTexts(['blue']);
    await closed.dispose();
    expect(await pending).toHaveLength(1);
    await expect(closed.embedTexts(['red'])).rejects.toMatchObject({ code: 'MODEL_NOT_READY' });
  });

  it('rejects an unknown provider and a folder that is not a model', async () => {
    await expect(loadClipModel(dir, { provider: 'gpu' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(loadClipModel(work)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });
});
