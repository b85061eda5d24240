import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Tensor } from 'onnxruntime-node';
import { AppError } from '../../contract/errors.js';
import type { RegistryEntry } from './model-registry.js';
import { readManifest } from './download/manifest.js';
import { readOnnxSignature, type TensorSignature } from './onnx-signature.js';
import { readFloatTensor } from './safetensors.js';
import { createSession, type LoadedSession, type SessionOptions } from './session.js';
import { TextTokenizer } from './tokenizer.js';

/**
 * [Note: sentence tower]
 * A sentence-transformers text tower distilled into a CLIP image space (clip-ViT-B-32-multilingual-v1):
 * the ONNX file is the transformer alone and gives one vector per token; the rest of the
 * sentence-transformers pipeline runs here, as its modules.json chains it: masked mean pooling over the
 * attention mask (1_Pooling, `pooling_mode_mean_tokens`), then the Dense layer y = W x (2_Dense, weights in
 * model.safetensors, no bias, identity activation). The result lands in the CLIP model's space, so the
 * photos' vectors are used as they are; it is normalised like every other text vector.
 */

/** Where the output of an export by optimum's feature-extraction task is named; `token_embeddings` by its sentence-transformers task. */
const TOKEN_OUTPUTS = ['last_hidden_state', 'token_embeddings'] as const;

export interface SentenceTowerSpec {
  contextLength: number;
  inputIds: string;
  attentionMask: string;
  output: string;
  hidden: number;
  outFeatures: number;
  projectionFile: string;
  projectionTensor: string;
}

export interface SentenceTower {
  readonly id: string;
  readonly dir: string;
  readonly embeddingSize: number;
  readonly textPath: string;
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

type Json = Record<string, unknown>;

async function readJson(file: string): Promise<Json> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError(
      'MODEL_NOT_FOUND',
      `${file} is missing. Download or import the text tower again.`,
      { file },
      { cause: error },
    );
  }
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // reported below
  }
  throw new AppError(
    'MODEL_INVALID',
    `${file} is not a JSON object. Download or import the text tower again.`,
    { file },
  );
}

/** The pooling and Dense configs must describe what this code runs, else its vectors would be wrong. */
async function checkModuleConfigs(dir: string, spec: SentenceTowerSpec): Promise<void> {
  const poolingFile = path.join(dir, '1_Pooling', 'config.json');
  const pooling = await readJson(poolingFile);
  const modes = Object.entries(pooling).filter(([key, on]) => key.startsWith('pooling_mode_') && on === true);
  if (
    modes.length !== 1 ||
    modes[0]?.[0] !== 'pooling_mode_mean_tokens' ||
    pooling['word_embedding_dimension'] !== spec.hidden
  ) {
    throw new AppError(
      'MODEL_INVALID',
      `${poolingFile} must ask for mean pooling over ${spec.hidden} dimensions (it says ${JSON.stringify(pooling)}).`,
      { file: poolingFile },
    );
  }
  const denseFile = path.join(dir, '2_Dense', 'config.json');
  const dense = await readJson(denseFile);
  const declared = dense['activation_function'];
  const activation = typeof declared === 'string' ? declared : 'torch.nn.modules.linear.Identity';
  if (
    dense['in_features'] !== spec.hidden ||
    dense['out_features'] !== spec.outFeatures ||
    dense['bias'] !== false ||
    !activation.endsWith('Identity')
  ) {
    throw new AppError(
      'MODEL_INVALID',
      `${denseFile} must describe a ${spec.hidden}→${spec.outFeatures} projection without bias or activation (it says ${JSON.stringify(dense)}).`,
      { file: denseFile },
    );
  }
}

function expectInt64Input(file: string, inputs: TensorSignature[], name: string): void {
  const found = inputs.find((t) => t.name === name);
  if (found?.type !== 'int64') {
    throw new AppError(
      'MODEL_INVALID',
      `${file} has no int64 input "${name}" (its inputs: ${inputs.map((t) => t.name).join(', ')}).`,
      {
        file,
      },
    );
  }
}

/** The catalogue's output name, or the other name the same export is known by; checked to be [batch, tokens, hidden]. */
async function tokenOutput(file: string, spec: SentenceTowerSpec): Promise<string> {
  const signature = await readOnnxSignature(file);
  expectInt64Input(file, signature.inputs, spec.inputIds);
  expectInt64Input(file, signature.inputs, spec.attentionMask);
  const names = [spec.output, ...TOKEN_OUTPUTS.filter((n) => n !== spec.output)];
  const output = names.map((n) => signature.outputs.find((t) => t.name === n)).find((t) => t !== undefined);
  const last = output?.dims.at(-1);
  if (
    output?.type !== 'float32' ||
    output.dims.length !== 3 ||
    (typeof last === 'number' && last !== spec.hidden)
  ) {
    throw new AppError(
      'MODEL_INVALID',
      `${file} has no float32 [batch, tokens, ${spec.hidden}] output "${spec.output}" (its outputs: ${signature.outputs.map((t) => `${t.name} [${t.dims.join(', ')}]`).join(', ')}).`,
      { file },
    );
  }
  return output.name;
}

/** What a catalogue entry says of its text tower, for the loader; an entry of another kind is refused. */
export function sentenceSpecOf(entry: RegistryEntry): SentenceTowerSpec {
  const { text } = entry;
  if (!entry.textOnly || text.pooling !== 'mean' || text.projection === null || text.attentionMask === null) {
    throw new AppError(
      'MODEL_INVALID',
      `${entry.displayName} is not a text tower with mean pooling and a projection.`,
      {
        id: entry.id,
      },
    );
  }
  return {
    contextLength: text.contextLength,
    inputIds: text.inputIds,
    attentionMask: text.attentionMask,
    output: text.output,
    hidden: text.projection.inFeatures,
    outFeatures: text.projection.outFeatures,
    projectionFile: text.projection.file,
    projectionTensor: text.projection.tensor,
  };
}

/** Masked mean over tokens, then W x, then unit length: [batch, tokens, hidden] → batch vectors. */
export function poolAndProject(
  hidden: Float32Array,
  mask: BigInt64Array,
  dims: readonly [number, number, number],
  weight: Float32Array,
  outFeatures: number,
): Float32Array[] {
  const [batch, tokens, size] = dims;
  return Array.from({ length: batch }, (_, b) => {
    const mean = new Float64Array(size);
    let count = 0;
    for (let t = 0; t < tokens; t += 1) {
      if (mask[b * tokens + t] === 0n) continue;
      count += 1;
      const base = (b * tokens + t) * size;
      for (let i = 0; i < size; i += 1) mean[i] = (mean[i] ?? 0) + (hidden[base + i] ?? 0);
    }
    // sentence-transformers clamps the token count at 1e-9; a row with no tokens stays zero either way
    const scale = 1 / Math.max(count, 1e-9);
    const out = new Float32Array(outFeatures);
    for (let o = 0; o < outFeatures; o += 1) {
      let sum = 0;
      const row = o * size;
      for (let i = 0; i < size; i += 1) sum += (weight[row + i] ?? 0) * (mean[i] ?? 0);
      out[o] = sum * scale;
    }
    const norm = Math.hypot(...out);
    return norm > 0 ? out.map((x) => x / norm) : out;
  });
}

class OnnxSentenceTower implements SentenceTower {
  private session: Promise<LoadedSession> | null = null;
  private readonly running = new Set<Promise<unknown>>();
  private disposed = false;

  constructor(
    readonly id: string,
    readonly dir: string,
    readonly textPath: string,
    private readonly spec: SentenceTowerSpec,
    private readonly output: string,
    private readonly tokenizer: TextTokenizer,
    private readonly weight: Float32Array,
    private readonly sessionOptions: SessionOptions,
  ) {}

  get embeddingSize(): number {
    return this.spec.outFeatures;
  }

  embedTexts(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return Promise.resolve([]);
    if (this.disposed)
      return Promise.reject(new AppError('MODEL_NOT_READY', `The text tower ${this.id} was closed.`));
    const work = this.run(texts);
    this.running.add(work);
    const forget = (): void => void this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled([...this.running]);
    const loaded = await this.session?.catch(() => null);
    await loaded?.session.release();
  }

  private async run(texts: string[]): Promise<Float32Array[]> {
    this.session ??= createSession(this.textPath, this.sessionOptions).catch((error: unknown) => {
      this.session = null;
      throw error;
    });
    const { session } = await this.session;
    const tokens = this.tokenizer.encode(texts, 'longest');
    const dims = [tokens.batch, tokens.length];
    const outputs = await session.run({
      [this.spec.inputIds]: new Tensor('int64', tokens.inputIds, dims),
      [this.spec.attentionMask]: new Tensor('int64', tokens.attentionMask, dims),
    });
    const out = outputs[this.output];
    const [b, t, h] = out?.dims ?? [];
    if (
      !(out instanceof Tensor) ||
      !(out.data instanceof Float32Array) ||
      b !== tokens.batch ||
      t !== tokens.length ||
      h !== this.spec.hidden
    ) {
      throw new AppError(
        'MODEL_INVALID',
        `${this.textPath}: output "${this.output}" is not a [${tokens.batch}, ${tokens.length}, ${this.spec.hidden}] float32 tensor.`,
      );
    }
    return poolAndProject(out.data, tokens.attentionMask, [b, t, h], this.weight, this.spec.outFeatures);
  }
}

/**
 * Loads an installed sentence tower (see [Note: sentence tower]): the catalogue entry its manifest records
 * says what to expect, and the folder is checked against it now (configs, ONNX signature, projection
 * weights); the onnxruntime session is created on the first text.
 */
export async function loadSentenceTower(
  dir: string,
  sessionOptions: SessionOptions = {},
): Promise<SentenceTower> {
  const root = path.resolve(dir);
  const manifest = await readManifest(root);
  if (manifest.entry === null) {
    throw new AppError(
      'MODEL_INVALID',
      `${root} records no catalogue entry, so its pooling and projection are unknown. Import it again.`,
      {
        dir: root,
      },
    );
  }
  const spec = sentenceSpecOf(manifest.entry);
  await checkModuleConfigs(root, spec);
  const textPath = path.join(root, 'onnx', 'text_model.onnx');
  const output = await tokenOutput(textPath, spec);
  const tokenizer = await TextTokenizer.load(root, spec.contextLength);
  const { data } = await readFloatTensor(path.join(root, spec.projectionFile), spec.projectionTensor, [
    spec.outFeatures,
    spec.hidden,
  ]);
  return new OnnxSentenceTower(manifest.id, root, textPath, spec, output, tokenizer, data, sessionOptions);
}
