import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { getRegistryEntry, loadModelRegistry } from '../../../src-main/core/model/model-registry.js';
import { loadSentenceTower, poolAndProject } from '../../../src-main/core/model/sentence-tower.js';
import { importSentenceTower } from '../../../src-main/core/model/text-tower-import.js';
import { TextTokenizer } from '../../../src-main/core/model/tokenizer.js';
import { writeTinyMultilingualModel } from '../../fixtures/tiny-multilingual.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('the sentence tower: WordPiece, masked mean pooling, Dense projection', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let hub: string;
  let installed: string;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    hub = (await writeTinyMultilingualModel(path.join(dir, 'hub'))).dir;
    const catalogue = await loadModelRegistry();
    installed = (await importSentenceTower(hub, path.join(dir, 'models'), catalogue, 'clip-multilingual-b32'))
      .dir;
  });
  afterAll(async () => cleanup());

  it('tokenizes Chinese by characters with [CLS] and [SEP] around, through the tokenizer.json the project writes', async () => {
    const tokenizer = await TextTokenizer.load(hub, 128);
    const vocab = (
      JSON.parse(await readFile(path.join(hub, 'tokenizer.json'), 'utf8')) as {
        model: { vocab: Record<string, number> };
      }
    ).model.vocab;
    expect(tokenizer.ids('红色')).toEqual([vocab['[CLS]'], vocab['红'], vocab['色'], vocab['[SEP]']]);
    expect(tokenizer.ids('dog')).toEqual([vocab['[CLS]'], vocab['[UNK]'], vocab['[SEP]']]);
    expect(tokenizer.padId).toBe(vocab['[PAD]']);
  });

  it('pools over the attention mask: a text padded in a batch gets the vector it gets alone', async () => {
    const tower = await loadSentenceTower(installed);
    try {
      const [alone] = await tower.embedTexts(['红']);
      const [padded, long] = await tower.embedTexts(['红', '蓝色的照片一张']);
      expect(alone).toHaveLength(512);
      expect(dot(alone as Float32Array, padded as Float32Array)).toBeCloseTo(1, 5);
      expect(dot(alone as Float32Array, long as Float32Array)).toBeLessThan(0.5);
      expect(Math.hypot(...(alone as Float32Array))).toBeCloseTo(1, 5);
    } finally {
      await tower.dispose();
    }
  });

  it('poolAndProject: the mean of the masked tokens, times W, at unit length', () => {
    // two tokens, the second masked: only [1, 2] counts; W = [[1, 0], [0, 1], [1, 1]]
    const out = poolAndProject(
      Float32Array.from([1, 2, 100, 100]),
      BigInt64Array.from([1n, 0n]),
      [1, 2, 2],
      Float32Array.from([1, 0, 0, 1, 1, 1]),
      3,
    );
    const expected = [1, 2, 3].map((x) => x / Math.hypot(1, 2, 3));
    expect([...(out[0] ?? [])].map((x) => Number(x.toFixed(6)))).toEqual(
      expected.map((x) => Number(x.toFixed(6))),
    );
  });

  it('refuses a folder whose pooling is not mean pooling, naming the file', async () => {
    const other = await makeTempDir();
    try {
      const copy = (await writeTinyMultilingualModel(path.join(other.dir, 'hub'))).dir;
      await writeFile(
        path.join(copy, '1_Pooling', 'config.json'),
        JSON.stringify({ word_embedding_dimension: 768, pooling_mode_cls_token: true }),
      );
      const catalogue = await loadModelRegistry();
      const { dir: bad } = await importSentenceTower(
        copy,
        path.join(other.dir, 'models'),
        catalogue,
        'clip-multilingual-b32',
      );
      const error = await loadSentenceTower(bad).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('MODEL_INVALID');
      expect((error as AppError).message).toMatch(/1_Pooling\/config\.json must ask for mean pooling/);
    } finally {
      await other.cleanup();
    }
  });

  it('an import checks the catalogue’s sha256 and keeps the hub’s file names under the download’s', async () => {
    const catalogue = await loadModelRegistry();
    const entry = getRegistryEntry(catalogue, 'clip-multilingual-b32');
    const pinned = {
      ...catalogue,
      models: catalogue.models.map((m) =>
        m.id === entry.id
          ? {
              ...m,
              files: m.files.map((f) => (f.path === 'tokenizer.json' ? { ...f, sha256: '0'.repeat(64) } : f)),
            }
          : m,
      ),
    };
    const error = await importSentenceTower(
      hub,
      path.join(dir, 'models-2'),
      pinned,
      'clip-multilingual-b32',
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect((error as AppError).code).toBe('CHECKSUM_MISMATCH');
    const notInCatalogue = await importSentenceTower(hub, path.join(dir, 'models-3'), catalogue).then(
      () => null,
      (e: unknown) => e,
    );
    expect((notInCatalogue as AppError).message).toMatch(/--id set to one of: clip-multilingual-b32/);
    const manifest = JSON.parse(await readFile(path.join(installed, 'shoebox-model.json'), 'utf8')) as {
      files: { path: string }[];
    };
    expect(manifest.files.map((f) => f.path)).toContain('onnx/text_model.onnx');
  });
});
