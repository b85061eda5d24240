import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { loadModelRegistry } from '../../../src-main/core/model/model-registry.js';
import { loadSentenceTower } from '../../../src-main/core/model/sentence-tower.js';
import { importSentenceTower } from '../../../src-main/core/model/text-tower-import.js';
import { writeTinyClipModel } from '../../fixtures/tiny-clip.js';
import { MULTILINGUAL_EMBEDDING, writeTinyMultilingualModel } from '../../fixtures/tiny-multilingual.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * The int8 text tower keeps the test model's rankings. The tiny multilingual tower is written twice from the
 * same weights: fp32, and with its embedding table quantised to uint8 the way onnxruntime's dynamic
 * quantisation rewrites a Gather (QUInt8, per tensor; see quantizeAsymmetricUint8). Pooling and the Dense
 * projection stay fp32 in both, as in the real int8 install (model_quint8_avx2.onnx saved as text_model.onnx).
 * Two libraries over the same colour photos, one per variant: every query ranks the photos' colours alike.
 */
const QUERIES = ['红', '蓝色', '绿色的照片', '暗', 'red', '红 + blue', '暗 -红'];

describe('the int8 multilingual text tower', () => {
  const cores: Record<'fp32' | 'int8', Core | null> = { fp32: null, int8: null };
  let cleanup: () => Promise<void>;
  let hubs: Record<'fp32' | 'int8', string>;
  let dir: string;

  beforeAll(async () => {
    const temp = await makeTempDir('shoebox-multilingual-int8-');
    cleanup = temp.cleanup;
    dir = temp.dir;
    const clip = await writeTinyClipModel(path.join(dir, 'tiny-clip'), { embeddingSize: MULTILINGUAL_EMBEDDING });
    await writeColourSet(path.join(dir, 'photos'), ['red', 'green', 'blue', 'dark'], 2);
    hubs = {
      fp32: (await writeTinyMultilingualModel(path.join(dir, 'hub-fp32', 'clip-ViT-B-32-multilingual-v1'))).dir,
      int8: (await writeTinyMultilingualModel(path.join(dir, 'hub-int8', 'clip-ViT-B-32-multilingual-v1'), { quantized: true })).dir,
    };
    for (const variant of ['fp32', 'int8'] as const) {
      const core = await createCore({ libraryDir: path.join(dir, `library-${variant}`) });
      cores[variant] = core;
      await core.importModel({ path: clip.dir, id: 'clip-vit-b32' });
      await core.useModel({ id: 'clip-vit-b32' });
      await core.importModel({ path: hubs[variant] });
      await core.addRoot({ path: path.join(dir, 'photos') });
      await core.rescan({});
    }
  });
  afterAll(async () => {
    await cores.fp32?.close();
    await cores.int8?.close();
    await cleanup();
  });

  const core = (variant: 'fp32' | 'int8'): Core => {
    const found = cores[variant];
    if (found === null) throw new Error(`no ${variant} core`);
    return found;
  };
  /** Each colour's best score for `text`, best first. */
  const colourScores = async (variant: 'fp32' | 'int8', text: string): Promise<Map<string, number>> => {
    const best = new Map<string, number>();
    for (const hit of (await core(variant).search({ text, limit: 8 })).hits) {
      const colour = path.basename(hit.path).split('-')[0] ?? '';
      best.set(colour, Math.max(best.get(colour) ?? -Infinity, hit.score));
    }
    return best;
  };
  /** Apart by less than this in fp32, two colours tie: quantisation may order them either way. */
  const TIE = 1e-3;

  it('is the quantised graph: a uint8 table about a quarter of the fp32 one, and vectors that differ', async () => {
    const size = async (hub: string): Promise<number> => (await stat(path.join(hub, 'onnx', 'model.onnx'))).size;
    expect(await size(hubs.int8)).toBeLessThan((await size(hubs.fp32)) * 0.3);
    const registry = await loadModelRegistry();
    const towers = await Promise.all(
      (['fp32', 'int8'] as const).map(async (variant) =>
        loadSentenceTower(
          (await importSentenceTower(hubs[variant], path.join(dir, `models-${variant}`), registry, 'clip-multilingual-b32')).dir,
        ),
      ),
    );
    try {
      const [a, b] = await Promise.all(towers.map(async (t) => (await t.embedTexts(['红色的汽车']))[0]));
      if (a === undefined || b === undefined) throw new Error('no vector');
      let dot = 0;
      let same = true;
      for (let i = 0; i < a.length; i += 1) {
        dot += (a[i] ?? 0) * (b[i] ?? 0);
        if (a[i] !== b[i]) same = false;
      }
      expect(same).toBe(false);
      expect(dot).toBeGreaterThan(0.99);
    } finally {
      await Promise.all(towers.map((t) => t.dispose()));
    }
  });

  it('ranks the colour photos of every query as the fp32 tower does, near-ties aside', async () => {
    let ordered = 0;
    for (const text of QUERIES) {
      const fp32 = await colourScores('fp32', text);
      const int8 = await colourScores('int8', text);
      expect({ text, colours: [...int8.keys()].sort() }).toEqual({ text, colours: [...fp32.keys()].sort() });
      // the colour the query names comes first in both
      expect({ text, first: [...int8.keys()][0] }).toEqual({ text, first: [...fp32.keys()][0] });
      for (const [a, scoreA] of fp32) {
        expect(Math.abs((int8.get(a) ?? 0) - scoreA)).toBeLessThan(0.01);
        for (const [b, scoreB] of fp32) {
          if (scoreA - scoreB <= TIE) continue;
          ordered += 1;
          expect({ text, above: a, below: b, int8: (int8.get(a) ?? 0) > (int8.get(b) ?? 0) }).toEqual({ text, above: a, below: b, int8: true });
        }
      }
    }
    // most pairs are apart (the named colours against the rest, the negative's colour last): the check has teeth
    expect(ordered).toBeGreaterThan(QUERIES.length * 3);
    expect([...(await colourScores('int8', '红')).keys()][0]).toBe('red');
    expect([...(await colourScores('int8', '暗 -红')).keys()].at(-1)).toBe('red');
  });
});
