import { readFile, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClipModel, type ClipModel } from '../../../src-main/core/model/clip-model.js';
import { TextVectorCache, textCacheFile } from '../../../src-main/core/model/text-vector-cache.js';
import { IMAGENET_TEMPLATES, promptSentences } from '../../../src-main/core/search/prompt-templates.js';
import {
  averageDirection,
  dot,
  PromptVectors,
  zeroShotProbabilities,
} from '../../../src-main/core/search/zero-shot.js';
import { colourImageTensor } from '../../fixtures/tiny-clip.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

let work: { dir: string; cleanup: () => Promise<void> };
let model: ClipModel;
let redImage: Float32Array;
/** every text the real text tower was asked to embed, run by run */
const runs: string[][] = [];

/** A fresh cache over the same file, as a reopened library has: only the disk is shared. */
function openPrompts(fingerprint = 'tiny:1'): PromptVectors {
  const file = textCacheFile(path.join(work.dir, 'cache'), 'tiny-clip');
  const cache = new TextVectorCache(file, model.info.embeddingSize, () => Promise.resolve(fingerprint), (texts) => {
    runs.push([...texts]);
    return model.embedTexts(texts);
  });
  return new PromptVectors(cache);
}

const embeddedTexts = (): number => runs.reduce((n, r) => n + r.length, 0);

beforeAll(async () => {
  work = await makeTempDir('shoebox-zero-shot-');
  model = await loadClipModel(await tinyModelDir(), { provider: 'cpu', threads: 1 });
  const [vector] = await model.embedImages(colourImageTensor([0.82, 0.1, 0.1], { noise: 0.1, seed: 3 }), 1);
  if (!vector) throw new Error('no image vector');
  redImage = vector;
});
afterAll(async () => {
  await model.dispose();
  await work.cleanup();
});

describe('prompt templates', () => {
  it('are the 80 ImageNet templates of the CLIP paper, each with one slot', () => {
    expect(IMAGENET_TEMPLATES).toHaveLength(80);
    expect(new Set(IMAGENET_TEMPLATES).size).toBe(80);
    expect(IMAGENET_TEMPLATES.every((t) => t.split('{}').length === 2)).toBe(true);
    expect(IMAGENET_TEMPLATES).toContain('a photo of a {}.');
    expect(promptSentences(' dog ', 'ensemble')[0]).toBe('a bad photo of a dog.');
    expect(promptSentences('dog', 'single')).toEqual(['a photo of a dog.']);
    expect(promptSentences('a dog', 'none')).toEqual(['a dog']);
  });
});

describe('zero-shot probabilities', () => {
  it('are CLIP softmax over logit_scale x cosine, summing to 1', () => {
    const p = zeroShotProbabilities([0.3, 0.25, 0.1], { kind: 'softmax', logitScale: 100 });
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // e^30 / (e^30 + e^25 + e^10)
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-5) + Math.exp(-20)), 12);
  });

  it('are SigLIP sigmoids of logit_scale x cosine + bias, each on its own', () => {
    const p = zeroShotProbabilities([0.1, 0.2], { kind: 'sigmoid', logitScale: 117.33, logitBias: -12.93 });
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-(11.733 - 12.93))), 12);
    expect(p[1]).toBeCloseTo(1 / (1 + Math.exp(-(23.466 - 12.93))), 12);
  });
});

describe('prompt vectors on the tiny model', () => {
  it('score the right prompt highest on a red image, probabilities summing to 1', async () => {
    const prompts = openPrompts();
    const labels = ['a red photo', 'a green photo', 'a blue photo'];
    const cosines = await Promise.all(labels.map(async (l) => dot(redImage, await prompts.vector(l))));
    const p = zeroShotProbabilities(cosines, { kind: 'softmax', logitScale: 100 });
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(p[0]).toBeGreaterThan(0.99);
    expect(cosines[0]).toBeGreaterThan((cosines[1] ?? 1) + 0.4);
    await prompts.saved();
  });

  it('average the unit embeddings of the 80 sentences, and embed each sentence once, even after a reopen', async () => {
    runs.length = 0;
    const prompts = openPrompts();
    const first = await prompts.vector('yellow');
    expect(embeddedTexts()).toBe(80);
    const direct = averageDirection(await model.embedTexts(promptSentences('yellow', 'ensemble')));
    expect(dot(first, direct)).toBeCloseTo(1, 5);
    expect(Math.hypot(...first)).toBeCloseTo(1, 5);

    await prompts.vector('yellow');
    expect(embeddedTexts()).toBe(80);
    await prompts.saved();

    const reopened = openPrompts();
    const again = await reopened.vector('yellow');
    expect(embeddedTexts()).toBe(80);
    expect(Array.from(again)).toEqual(Array.from(first));
  });

  it('keep the whole records of a file cut short by a crash, and re-embed only what was lost', async () => {
    const file = textCacheFile(path.join(work.dir, 'cache'), 'tiny-clip');
    const writer = openPrompts();
    await writer.vector('purple');
    await writer.saved();
    const before = (await stat(file)).size;
    await truncate(file, before - 10);
    runs.length = 0;
    const reopened = openPrompts();
    await reopened.vector('purple');
    expect(runs).toEqual([['a tattoo of the purple.']]);
    await reopened.saved();
    expect((await stat(file)).size).toBe(before);
  });

  it('start afresh when the file was written by another version of the model', async () => {
    runs.length = 0;
    const other = openPrompts('tiny:2');
    await other.vector('yellow');
    expect(embeddedTexts()).toBe(80);
    await other.saved();
    const header = (await readFile(textCacheFile(path.join(work.dir, 'cache'), 'tiny-clip'))).toString('latin1', 0, 40);
    expect(header).toContain('tiny:2');
  });
});
