import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  filesOf,
  getRegistryEntry,
  getVariant,
  loadModelRegistry,
} from '../../../src-main/core/model/model-registry.js';
import { loadClipModel } from '../../../src-main/core/model/clip-model.js';
import { downloadModel } from '../../../src-main/core/model/download/download-model.js';
import { loadSentenceTower } from '../../../src-main/core/model/sentence-tower.js';
import { colourImageTensor } from '../../fixtures/tiny-clip.js';
import { writeTinyChineseClip } from '../../fixtures/tiny-chinese-clip.js';
import { writeTinyMultilingualModel } from '../../fixtures/tiny-multilingual.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { HttpTestServer } from './helpers/http-test-server.js';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

/** Model registry entries for Chinese, downloaded through a loopback mirror that serves tiny models of the same contract under the real URLs. */
describe('downloading the multilingual text tower and Chinese-CLIP', () => {
  const server = new HttpTestServer();
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    await server.start();
  });
  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  it('fetches every file of the entry (resuming a dropped one), installs it as onnx/text_model.onnx, and it embeds', async () => {
    const entry = getRegistryEntry(await loadModelRegistry(), 'clip-multilingual-b32');
    const tiny = await writeTinyMultilingualModel(path.join(dir, 'hub-multilingual'));
    for (const file of filesOf(entry, getVariant(entry))) {
      const body = await readFile(path.join(tiny.dir, file.path));
      const plan =
        file.path === 'onnx/model.onnx'
          ? [{ kind: 'drop' as const, bytes: Math.floor(body.length / 2) }]
          : [];
      server.serve(new URL(file.url).pathname, body, plan);
    }
    const result = await downloadModel(entry, {
      modelsDir: path.join(dir, 'models'),
      mirror: server.baseUrl,
      retryBaseDelayMs: 10,
      progressIntervalMs: 0,
    });
    const onnx = server.requestsFor(`/${entry.source.repo}/resolve/${entry.source.revision}/onnx/model.onnx`);
    expect(onnx.length).toBe(2);
    expect(onnx[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(result.manifest.files.map((f) => f.path)).toContain('onnx/text_model.onnx');
    expect(result.manifest.entry?.sharesImageSpaceWith).toBe('clip-vit-b32');
    const tower = await loadSentenceTower(result.dir);
    try {
      const [vector] = await tower.embedTexts(['红']);
      expect(vector).toHaveLength(512);
    } finally {
      await tower.dispose();
    }
  });

  it('downloads towers and tokenizer from their pinned repositories, runs texts one at a time, and 红 finds red', async () => {
    const entry = getRegistryEntry(await loadModelRegistry(), 'chinese-clip-vit-b16');
    const tiny = await writeTinyChineseClip(path.join(dir, 'hub-chinese-clip'));
    const files = filesOf(entry, getVariant(entry));
    for (const file of files) server.serve(new URL(file.url).pathname, await readFile(tiny[file.path] ?? ''));
    // the image tower's sha256 is the hub's: the tiny stand-in cannot match it, so this check is left to the real download
    const unpinned = {
      ...entry,
      variants: entry.variants.map((v) => ({ ...v, files: v.files.map((f) => ({ ...f, sha256: null })) })),
    };
    const before = server.requests.length;
    const installed = await downloadModel(unpinned, {
      modelsDir: path.join(dir, 'models'),
      mirror: server.baseUrl,
      retryBaseDelayMs: 10,
      progressIntervalMs: 0,
    });
    expect(
      server.requests
        .slice(before)
        .map((r) => r.path.split('/').slice(1, 3).join('/'))
        .sort(),
    ).toEqual(
      [
        ...Array<string>(4).fill('Xenova/chinese-clip-vit-base-patch16'),
        ...Array<string>(2).fill('eisneim/cn-clip_vit-b-16'),
      ].sort(),
    );

    const model = await loadClipModel(installed.dir);
    try {
      expect(model.info).toMatchObject({
        textBatch: 1,
        contextLength: 52,
        textPadTo: 'max',
        tensors: { pixelValues: 'image', textEmbeds: 'unnorm_text_features', attentionMask: null },
      });
      const [red, blue, green] = await model.embedTexts(['红', '蓝色', 'green']);
      const [redPhoto] = await model.embedImages(colourImageTensor([0.85, 0.1, 0.1]), 1);
      const scores = [red, blue, green].map((v) => dot(v as Float32Array, redPhoto as Float32Array));
      expect(scores.indexOf(Math.max(...scores))).toBe(0);
    } finally {
      await model.dispose();
    }
  });
});
