import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  filesOf,
  getCatalogueEntry,
  getVariant,
  loadCatalogue,
} from '../../../src-main/core/model/catalogue.js';
import { loadClipModel } from '../../../src-main/core/model/clip-model.js';
import { downloadModel } from '../../../src-main/core/model/download/download-model.js';
import { colourImageTensor } from '../../fixtures/tiny-clip.js';
import { writeTinyChineseClip } from '../../fixtures/tiny-chinese-clip.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { HttpTestServer } from './helpers/http-test-server.js';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

/** The catalogue's Chinese-CLIP, installed from its two repositories through a loopback mirror, with a tiny model of the same contract. */
describe('Chinese-CLIP from the catalogue', () => {
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

  it('downloads towers and tokenizer from their pinned repositories, runs texts one at a time, and 红 finds red', async () => {
    const entry = getCatalogueEntry(await loadCatalogue(), 'chinese-clip-vit-b16');
    const tiny = await writeTinyChineseClip(path.join(dir, 'hub'));
    const files = filesOf(entry, getVariant(entry));
    for (const file of files) server.serve(new URL(file.url).pathname, await readFile(tiny[file.path] ?? ''));
    // the image tower's sha256 is the hub's: the tiny stand-in cannot match it, so this check is left to the real download
    const unpinned = {
      ...entry,
      variants: entry.variants.map((v) => ({ ...v, files: v.files.map((f) => ({ ...f, sha256: null })) })),
    };
    const installed = await downloadModel(unpinned, {
      modelsDir: path.join(dir, 'models'),
      mirror: server.baseUrl,
      retryBaseDelayMs: 10,
      progressIntervalMs: 0,
    });
    expect(server.requests.map((r) => r.path.split('/').slice(1, 3).join('/')).sort()).toEqual(
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
