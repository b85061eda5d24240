import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import type { PreprocessSpec } from '../../../src-main/core/imaging/preprocess-spec.js';
import {
  DEFAULT_REGISTRY_PATH,
  getRegistryEntry,
  getDefaultEntry,
  getVariant,
  loadModelRegistry,
  parseModelRegistry,
} from '../../../src-main/core/model/model-registry.js';

const shippedJson = async (): Promise<{ models: Record<string, unknown>[] }> =>
  JSON.parse(await readFile(DEFAULT_REGISTRY_PATH, 'utf8')) as { models: Record<string, unknown>[] };

function parseError(json: unknown): AppError {
  try {
    parseModelRegistry(json, 'models.json');
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the catalogue to be rejected');
}

/** Returns a deep copy of the shipped catalogue with one change applied to the model `id`. */
async function brokenCopy(id: string, change: (model: Record<string, unknown>) => void): Promise<unknown> {
  const json = await shippedJson();
  const model = json.models.find((m) => m['id'] === id);
  if (model === undefined) throw new Error(`no ${id} in the shipped catalogue`);
  change(model);
  return json;
}

describe('the shipped model catalogue', () => {
  it('passes its schema and lists the required models with one default', async () => {
    const catalogue = await loadModelRegistry();
    expect(catalogue.models.map((m) => m.id)).toEqual(
      expect.arrayContaining([
        'clip-vit-b32',
        'clip-vit-b16',
        'clip-vit-l14',
        'mobileclip-s2',
        'siglip-b16-224',
        'clip-multilingual-b32',
      ]),
    );
    expect(getDefaultEntry(catalogue).id).toBe('clip-vit-b32');
  });

  it('points every file at the hub URL of its repository and revision', async () => {
    const catalogue = await loadModelRegistry();
    for (const model of catalogue.models) {
      for (const file of [...model.files, ...model.variants.flatMap((v) => v.files)]) {
        const from = file.from ?? model.source;
        expect(file.url).toBe(`https://huggingface.co/${from.repo}/resolve/${from.revision}/${file.path}`);
      }
      expect(model.source.revisionPinned).toBe(/^[0-9a-f]{40}$/.test(model.source.revision));
    }
  });

  it('pins every entry to a commit, and says in the entry which file facts no hub page shows', async () => {
    // Only shrinks: the stored hub pages show Xenova/clip-vit-large-patch14's commit as the short "9545086" alone.
    const notYetPinned = new Set(['clip-vit-l14']);
    const catalogue = await loadModelRegistry();
    const unpinned = catalogue.models.filter((m) => !/^[0-9a-f]{40}$/.test(m.source.revision)).map((m) => m.id);
    expect(unpinned).toEqual([...notYetPinned]);
    for (const model of catalogue.models) {
      const files = [...model.files, ...model.variants.flatMap((v) => v.files)];
      if (files.some((f) => f.size === null || f.sha256 === null)) {
        expect(model.unverified.join(' '), model.id).toMatch(/size|sha256/);
      }
      if (notYetPinned.has(model.id)) expect(model.unverified.join(' ')).toMatch(/^revision/);
    }
    const b16 = getRegistryEntry(catalogue, 'clip-vit-b16');
    expect(getVariant(b16, 'int8').files.map((f) => [f.size, f.sha256?.slice(0, 8)])).toEqual([
      [87_461_602, '44eece4f'],
      [64_504_507, '9106b51e'],
    ]);
    const mobile = getRegistryEntry(catalogue, 'mobileclip-s2');
    expect(mobile.variants.map((v) => v.name)).toEqual(['fp32']);
    expect(getVariant(mobile).description).toMatch(/sensitive to quantisation/);
  });

  it('gives the CLIP towers both fp32 and int8 variants saved under the canonical names', async () => {
    const entry = getRegistryEntry(await loadModelRegistry(), 'clip-vit-b32');
    expect(getVariant(entry).name).toBe('fp32');
    const int8 = getVariant(entry, 'int8');
    expect(int8.files.map((f) => [f.path, f.saveAs])).toEqual([
      ['onnx/vision_model_quantized.onnx', 'onnx/vision_model.onnx'],
      ['onnx/text_model_quantized.onnx', 'onnx/text_model.onnx'],
    ]);
    expect(entry.scoring).toEqual({ kind: 'softmax', logitScale: 100 });
  });

  it('describes SigLIP, MobileCLIP and the multilingual tower as their reference implementations do', async () => {
    const catalogue = await loadModelRegistry();
    const siglip = getRegistryEntry(catalogue, 'siglip-b16-224');
    expect(siglip.scoring.kind).toBe('sigmoid');
    expect(siglip.text).toMatchObject({ contextLength: 64, padding: 'max' });
    expect(siglip.vision?.preprocessing).toMatchObject({
      resizeMode: 'stretch',
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
    });
    const mobile = getRegistryEntry(catalogue, 'mobileclip-s2');
    expect(mobile.vision?.preprocessing).toMatchObject({
      shortestEdge: 256,
      cropWidth: 256,
      mean: null,
      std: null,
    });
    const multilingual = getRegistryEntry(catalogue, 'clip-multilingual-b32');
    expect(multilingual).toMatchObject({
      textOnly: true,
      vision: null,
      sharesImageSpaceWith: 'clip-vit-b32',
      embeddingSize: 512,
    });
    expect(multilingual.embeddingSize).toBe(getRegistryEntry(catalogue, 'clip-vit-b32').embeddingSize);
  });

  it('has preprocessing fields that hand over to the imaging stage unchanged', async () => {
    const catalogue = await loadModelRegistry();
    for (const model of catalogue.models) {
      if (model.vision === null) continue;
      const spec: PreprocessSpec = model.vision.preprocessing;
      expect(spec.cropHeight).toBeGreaterThan(0);
    }
  });
});

describe('catalogue validation', () => {
  it('names the bad field and the model it belongs to', async () => {
    const json = await brokenCopy('siglip-b16-224', (m) => {
      (m['vision'] as { preprocessing: { mean: unknown } }).preprocessing.mean = [0.5, 0.5];
    });
    const index = (await shippedJson()).models.findIndex((m) => m['id'] === 'siglip-b16-224');
    const error = parseError(json);
    expect(error.code).toBe('MODEL_INVALID');
    expect(error.message).toContain(`models[${index.toString()}].vision.preprocessing.mean`);
    expect(error.message).toContain('siglip-b16-224');
  });

  it('rejects a file path that would escape the model folder', async () => {
    const json = await brokenCopy('clip-vit-b32', (m) => {
      ((m['variants'] as { files: { saveAs?: string }[] }[])[1]?.files[0] ?? {}).saveAs = '../../evil.onnx';
    });
    expect(parseError(json).message).toMatch(/variants\[1\]\.files\[0\]\.saveAs.*relative path/);
  });

  it('rejects a text tower that points at a model not in the catalogue', async () => {
    const json = await brokenCopy('clip-multilingual-b32', (m) => {
      m['sharesImageSpaceWith'] = 'clip-vit-b99';
    });
    expect(parseError(json).message).toContain('no model "clip-vit-b99"');
  });

  it('rejects a second default model and a malformed checksum', async () => {
    const json = await brokenCopy('clip-vit-l14', (m) => {
      m['default'] = true;
      ((m['variants'] as { files: { sha256: unknown }[] }[])[0]?.files[0] ?? { sha256: null }).sha256 = 'abc';
    });
    const message = parseError(json).message;
    expect(message).toContain('exactly one model must be the default');
    expect(message).toMatch(/variants\[0\]\.files\[0\]\.sha256/);
  });

  it('reports an unknown id with the ids it knows', async () => {
    const catalogue = await loadModelRegistry();
    expect(() => getRegistryEntry(catalogue, 'clip-vit-h14')).toThrow(/Known models: clip-vit-b32/);
  });

  it('reports a catalogue file that is not JSON', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shoebox-cat-'));
    try {
      const file = path.join(dir, 'models.json');
      await writeFile(file, '{ "schemaVersion": 1, ');
      await expect(loadModelRegistry(file)).rejects.toMatchObject({
        code: 'MODEL_INVALID',
        message: expect.stringContaining(file) as unknown,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
