import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis, ModelInfo, PromptScore } from '../../src-main/contract/models.js';
import { writeTinyClipModel } from '../fixtures/tiny-clip.js';
import { HttpTestServer } from '../core/model/helpers/http-test-server.js';
import { COLOURS, writeColourSet, writePhoto } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { cli } from './cli-io.js';

const REPO = 'test-org/tiny-clip';
const REVISION = '0123456789abcdef0123456789abcdef01234567';
const SHARED = ['config.json', 'preprocessor_config.json', 'tokenizer.json', 'tokenizer_config.json'];
const TOWERS = ['onnx/vision_model.onnx', 'onnx/text_model.onnx'];
const CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073];
const CLIP_STD = [0.26862954, 0.26130258, 0.27577711];

/** A catalogue file entry for one of the tiny model's files, at its Hugging Face URL. */
async function modelRegistryFile(modelDir: string, name: string, server: HttpTestServer): Promise<Record<string, unknown>> {
  const data = await readFile(path.join(modelDir, name));
  server.serve(`/${REPO}/resolve/${REVISION}/${name}`, data);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const url = `https://huggingface.co/${REPO}/resolve/${REVISION}/${name}`;
  return { path: name, url, size: data.length, approxSize: data.length, sha256 };
}

async function writeTestRegistry(file: string, modelDir: string, server: HttpTestServer): Promise<void> {
  const entry = {
    id: 'tiny-clip',
    displayName: 'Tiny CLIP',
    description: 'the project test model, served from 127.0.0.1',
    default: true,
    licence: 'MIT',
    imagenetTop1: null,
    imagenetTop1Source: 'not measured',
    source: { repo: REPO, revision: REVISION, revisionPinned: true },
    files: await Promise.all(SHARED.map((name) => modelRegistryFile(modelDir, name, server))),
    variants: [
      {
        name: 'fp32',
        description: 'full precision',
        default: true,
        files: await Promise.all(TOWERS.map((name) => modelRegistryFile(modelDir, name, server))),
      },
    ],
    embeddingSize: 32,
    scoring: { kind: 'softmax', logitScale: 100 },
    text: {
      contextLength: 77,
      padding: 'longest',
      inputIds: 'input_ids',
      attentionMask: 'attention_mask',
      output: 'text_embeds',
      pooling: 'none',
      projection: null,
    },
    vision: {
      input: 'pixel_values',
      output: 'image_embeds',
      preprocessing: {
        resizeMode: 'shortest-edge',
        shortestEdge: 224,
        cropHeight: 224,
        cropWidth: 224,
        resample: 'bicubic',
        rescaleFactor: 1 / 255,
        mean: CLIP_MEAN,
        std: CLIP_STD,
      },
    },
    textOnly: false,
    sharesImageSpaceWith: null,
    unverified: [],
  };
  await writeFile(file, JSON.stringify({ schemaVersion: 1, models: [entry] }));
}

describe('shoebox model, classify and doctor', () => {
  const server = new HttpTestServer();
  let work: { dir: string; cleanup: () => Promise<void> };
  let library: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    work = await makeTempDir('shoebox-cli-model-');
    library = path.join(work.dir, 'library');
    const mirror = await server.start();
    const catalogue = path.join(work.dir, 'models.json');
    await writeTestRegistry(catalogue, await tinyModelDir(), server);
    process.env['SHOEBOX_CATALOGUE'] = catalogue;
    process.env['SHOEBOX_MODEL_MIRROR'] = mirror;
  });
  afterAll(async () => {
    process.env = saved;
    await server.close();
    await work.cleanup();
  });

  it('downloads a catalogue model through the mirror with byte progress, and the library starts using it', async () => {
    const run = await cli('model', 'download', 'tiny-clip', '--library', library);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toEqual(['installed tiny-clip', 'the library now uses tiny-clip']);
    // Not a terminal: plain lines, the first and the last at least, each with bytes, rate and ETA.
    expect(run.stderr).toMatch(/^tiny-clip: 0 B \/ 2\.\d MB, 0 B\/s, ETA --:--$/m);
    expect(run.stderr).toMatch(/^tiny-clip onnx\/text_model\.onnx: 2\.\d MB \/ 2\.\d MB, [\d.]+ [kM]?B\/s, ETA 0:00$/m);
    expect(server.requests.map((r) => r.path).sort()).toEqual(
      [...SHARED, ...TOWERS].map((name) => `/${REPO}/resolve/${REVISION}/${name}`).sort(),
    );

    const listed = await cli('model', 'list', '--json', '--library', library);
    const models = JSON.parse(listed.out[0] ?? '[]') as ModelInfo[];
    expect(models).toEqual([
      expect.objectContaining({ id: 'tiny-clip', active: true, serving: true, installed: expect.objectContaining({ status: 'ready', variant: 'fp32' }) as unknown }),
    ]);
  });

  it('scores an image outside the library, the right prompt first and probabilities summing to 1', async () => {
    const image = await writePhoto(path.join(work.dir, 'elsewhere', 'red.jpg'), COLOURS['red'] ?? [255, 0, 0]);
    const run = await cli('classify', image, '--prompts', 'a green photo', 'a red photo', 'a blue photo', '--json', '--library', library);
    expect(run.code).toBe(0);
    const scores = JSON.parse(run.out[0] ?? '[]') as PromptScore[];
    expect(scores.map((s) => s.prompt)[0]).toBe('a red photo');
    expect(scores.reduce((sum, s) => sum + s.probability, 0)).toBeCloseTo(1, 9);
    const status = await cli('status', '--json', '--library', library);
    expect(JSON.parse(status.out[0] ?? '{}')).toMatchObject({ photos: { total: 0 } });
  });

  it('doctor falls back to the CPU with the reason when CUDA is asked for but absent', async () => {
    const run = await cli('doctor', '--json', '--provider', 'cuda', '--seconds', '0', '--library', library);
    expect(run.code).toBe(0);
    const d = JSON.parse(run.out[0] ?? '{}') as Diagnosis;
    expect(d.providerChoice).toBe('cuda');
    expect(d.model).toMatchObject({ id: 'tiny-clip', variant: 'fp32', embeddingSize: 32 });
    expect(d.towers.image?.provider).toBe('cpu');
    expect(d.towers.image?.tried).toEqual([{ name: 'cuda', error: expect.any(String) as unknown }]);
    expect(d.throughput?.imagesPerSec).toBeGreaterThan(0);
    const text = await cli('doctor', '--provider', 'cuda', '--seconds', '0', '--library', library);
    expect(text.out.join('\n')).toMatch(/image tower: cpu \(cuda skipped: .+\)/);
  });

  it('refuses to import a folder whose text tower lacks the inputs of a CLIP export, naming the missing one', async () => {
    const broken = path.join(work.dir, 'broken-export');
    await writeTinyClipModel(broken);
    await copyFile(path.join(broken, 'onnx', 'vision_model.onnx'), path.join(broken, 'onnx', 'text_model.onnx'));
    const run = await cli('model', 'import', broken, '--library', library);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toMatch(/text_model\.onnx has no input "input_ids".*\[MODEL_INVALID\]/);
    expect((await readdir(path.join(library, 'models'))).sort()).toEqual(['tiny-clip']);
  });

  it('imports a model of another size, switches to it after re-embedding, and guards the model in use', async () => {
    const photos = path.join(work.dir, 'photos');
    const files = await writeColourSet(photos, ['red', 'blue'], 2);
    expect((await cli('index', photos, '--library', library)).code).toBe(0);
    const export16 = (await writeTinyClipModel(path.join(work.dir, 'export-16'), { embeddingSize: 16 })).dir;
    await mkdir(path.join(work.dir, 'unused'), { recursive: true });
    expect((await cli('model', 'import', export16, '--id', 'tiny16', '--library', library)).out[0]).toMatch(/^imported tiny16/);

    const use = await cli('model', 'use', 'tiny16', '--threads', '1', '--library', library);
    expect(use.code).toBe(0);
    expect(use.out).toEqual([expect.stringMatching(/^model: tiny16 \(cpu.*threads: 1\)$/) as unknown]);
    const search = JSON.parse((await cli('search', 'red', '--json', '--library', library)).out[0] ?? '[]') as { path: string }[];
    expect(search.slice(0, 2).map((h) => h.path).sort()).toEqual([...(files['red'] ?? [])].sort());

    const refused = await cli('model', 'remove', 'tiny16', '--library', library);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toContain('while the library uses it');
    const removed = await cli('model', 'remove', 'tiny-clip', '--library', library);
    expect(removed.out).toEqual(['removed tiny-clip']);
    expect((await readdir(path.join(library, 'catalog'))).filter((n) => n.startsWith('photos'))).toEqual(['photos__tiny16.lance']);
    // the removed model's video moments go with its vectors
    expect((await readdir(path.join(library, 'catalog'))).filter((n) => n.startsWith('moments'))).toEqual(['moments__tiny16.lance']);
  });
});
