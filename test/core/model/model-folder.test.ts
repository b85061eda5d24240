import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../../src-main/core/model/model-folder.js';
import { readOnnxSignature } from '../../../src-main/core/model/onnx-signature.js';
import { GraphBuilder, type Dim } from '../../fixtures/onnx/graph-builder.js';
import type { DType } from '../../fixtures/onnx/onnx-proto.js';
import { writeTinyClipModel } from '../../fixtures/tiny-clip.js';

interface FakeTensor {
  name: string;
  type: DType;
  dims: Dim[];
}

/** A tower with the given signature whose output is a constant: enough for signature checks. */
function fakeTower(inputs: FakeTensor[], output: FakeTensor, padding = 0): Uint8Array {
  const g = new GraphBuilder('fake');
  for (const input of inputs) g.input(input.name, input.type, input.dims);
  if (padding > 0) g.initializer('padding', new Float32Array(padding), [padding]);
  g.op('Identity', [g.constant(new Float32Array(32), [1, 32])], {}, { out: output.name });
  g.output(output.name, output.type, output.dims);
  return g.toBytes();
}

const PIXELS: FakeTensor = { name: 'pixel_values', type: 'float32', dims: ['batch', 3, 224, 224] };
const IDS: FakeTensor = { name: 'input_ids', type: 'int64', dims: ['batch', 'sequence'] };

let work: string;
let tinyDir: string;
let counter = 0;

/** A fresh copy of the tiny model, with some files replaced. */
async function variantOf(replace: Record<string, Uint8Array | string>): Promise<string> {
  const dir = path.join(work, `variant-${++counter}`);
  await writeTinyClipModel(dir);
  for (const [file, content] of Object.entries(replace)) await writeFile(path.join(dir, file), content);
  return dir;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'shoebox-model-folder-'));
  tinyDir = (await writeTinyClipModel(path.join(work, 'tiny-clip'))).dir;
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('readModelFolder', () => {
  it('describes a Hugging Face CLIP folder: files, sizes, preprocessing and tensor names', async () => {
    const folder = await readModelFolder(tinyDir);
    expect(folder).toMatchObject({
      id: 'tiny-clip',
      dir: tinyDir,
      variant: 'fp32',
      visionPath: path.join(tinyDir, 'onnx', 'vision_model.onnx'),
      textPath: path.join(tinyDir, 'onnx', 'text_model.onnx'),
      embeddingSize: 32,
      contextLength: 77,
      textPadTo: 'longest',
      tensors: {
        pixelValues: 'pixel_values',
        imageEmbeds: 'image_embeds',
        inputIds: 'input_ids',
        attentionMask: 'attention_mask',
        textEmbeds: 'text_embeds',
      },
    });
    expect(folder.preprocess).toMatchObject({
      resizeMode: 'shortest-edge',
      shortestEdge: 224,
      cropHeight: 224,
      cropWidth: 224,
    });
    expect(folder.preprocess.mean?.[0]).toBeCloseTo(0.48145466, 7);
  });

  it('answers MODEL_NOT_FOUND for a folder that does not exist', async () => {
    const dir = path.join(work, 'nowhere');
    await expect(readModelFolder(dir)).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining(dir) as unknown,
    });
  });

  it('names the missing tower file and the folder', async () => {
    const dir = await variantOf({});
    await rm(path.join(dir, 'onnx', 'text_model.onnx'));
    const error: unknown = await readModelFolder(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'MODEL_NOT_FOUND',
      details: { missing: [path.join('onnx', 'text_model.onnx')] },
    });
    expect((error as Error).message).toContain(dir);
  });

  it('reads the quantized variant only when asked, from its own files', async () => {
    await expect(readModelFolder(tinyDir, { variant: 'quantized' })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      message: expect.stringContaining('vision_model_quantized.onnx') as unknown,
    });
    const dir = await variantOf({});
    for (const tower of ['vision', 'text']) {
      await copyFile(
        path.join(dir, 'onnx', `${tower}_model.onnx`),
        path.join(dir, 'onnx', `${tower}_model_quantized.onnx`),
      );
    }
    const folder = await readModelFolder(dir, { variant: 'quantized' });
    expect(folder.visionPath).toBe(path.join(dir, 'onnx', 'vision_model_quantized.onnx'));
    expect(folder.textPath).toBe(path.join(dir, 'onnx', 'text_model_quantized.onnx'));
  });

  it('names a missing output, the outputs the file has, and the file', async () => {
    const vision = fakeTower([PIXELS], { name: 'embeddings', type: 'float32', dims: ['batch', 32] });
    const dir = await variantOf({ 'onnx/vision_model.onnx': vision });
    const error: unknown = await readModelFolder(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'MODEL_INVALID', details: { output: 'image_embeds' } });
    const message = (error as Error).message;
    expect(message).toContain('"image_embeds"');
    expect(message).toContain('embeddings');
    expect(message).toContain(path.join(dir, 'onnx', 'vision_model.onnx'));
  });

  it('names a missing input of the text tower', async () => {
    const text = fakeTower([{ ...IDS, name: 'tokens' }], {
      name: 'text_embeds',
      type: 'float32',
      dims: ['batch', 32],
    });
    const dir = await variantOf({ 'onnx/text_model.onnx': text });
    await expect(readModelFolder(dir)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('no input "input_ids"') as unknown,
    });
  });

  it('rejects a float16 export and an embedding size that disagrees with config.json', async () => {
    const half = fakeTower([{ ...PIXELS, type: 'float16' }], {
      name: 'image_embeds',
      type: 'float32',
      dims: ['batch', 32],
    });
    await expect(readModelFolder(await variantOf({ 'onnx/vision_model.onnx': half }))).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('is float16, expected float32') as unknown,
    });
    const config = JSON.parse(await readFile(path.join(tinyDir, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const wrongSize = await variantOf({ 'config.json': JSON.stringify({ ...config, projection_dim: 512 }) });
    await expect(readModelFolder(wrongSize)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('projection_dim') as unknown,
    });
  });

  it('pads to the full context when the text tower has a fixed sequence length', async () => {
    const text = fakeTower([{ ...IDS, dims: ['batch', 77] }], {
      name: 'text_embeds',
      type: 'float32',
      dims: ['batch', 32],
    });
    const folder = await readModelFolder(await variantOf({ 'onnx/text_model.onnx': text }));
    expect(folder).toMatchObject({ textPadTo: 'max', contextLength: 77, tensors: { attentionMask: null } });
  });

  it('reports a file that is not ONNX (an HTML error page) as MODEL_INVALID', async () => {
    const dir = await variantOf({
      'onnx/vision_model.onnx': '<!DOCTYPE html><html><body>Not found</body></html>',
    });
    await expect(readModelFolder(dir)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('not a readable ONNX model') as unknown,
    });
  });
});

describe('readOnnxSignature', () => {
  it('reads names, element types and symbolic dims of the inputs and outputs', async () => {
    expect(await readOnnxSignature(path.join(tinyDir, 'onnx', 'text_model.onnx'))).toEqual({
      inputs: [
        { name: 'input_ids', type: 'int64', dims: ['batch_size', 'sequence_length'] },
        { name: 'attention_mask', type: 'int64', dims: ['batch_size', 'sequence_length'] },
      ],
      outputs: [{ name: 'text_embeds', type: 'float32', dims: ['batch_size', 32] }],
    });
  });

  it('skips weights far larger than its read window', async () => {
    const file = path.join(work, 'big.onnx');
    await writeFile(
      file,
      fakeTower([PIXELS], { name: 'image_embeds', type: 'float32', dims: ['batch', 32] }, 1_000_000),
    );
    const signature = await readOnnxSignature(file);
    expect(signature.inputs).toEqual([
      { name: 'pixel_values', type: 'float32', dims: ['batch', 3, 224, 224] },
    ]);
    expect(signature.outputs.map((o) => o.name)).toEqual(['image_embeds']);
  });

  it('fails cleanly on a truncated model', async () => {
    const whole = fakeTower(
      [PIXELS],
      { name: 'image_embeds', type: 'float32', dims: ['batch', 32] },
      100_000,
    );
    const file = path.join(work, 'truncated.onnx');
    await writeFile(file, whole.subarray(0, 200_000));
    await expect(readOnnxSignature(file)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});
