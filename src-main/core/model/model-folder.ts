import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import { parsePreprocessorConfig, type PreprocessSpec } from '../imaging/preprocess-spec.js';
import type { RegistryEntry } from './model-registry.js';
import { readManifest } from './download/manifest.js';
import { readOnnxSignature, type OnnxSignature, type TensorSignature } from './onnx-signature.js';

/** Which export of the towers to run: full precision or the 8-bit quantized files of the same export. */
export type ModelVariant = 'fp32' | 'quantized';

export interface ModelTensorNames {
  pixelValues: string;
  imageEmbeds: string;
  inputIds: string;
  /** null when the text tower takes no mask (it then pools at the end token itself) */
  attentionMask: string | null;
  textEmbeds: string;
}

/** A CLIP model folder in the Hugging Face (Xenova) layout, checked and described. */
export interface ModelFolder {
  /** the folder's name */
  id: string;
  dir: string;
  variant: ModelVariant;
  visionPath: string;
  textPath: string;
  embeddingSize: number;
  /** tokens per text, start and end included (77 for CLIP) */
  contextLength: number;
  /** 'max' when the text tower was exported with a fixed sequence length */
  textPadTo: 'longest' | 'max';
  /** a fixed text batch (Chinese-CLIP's export takes one text per run); null: any batch */
  textBatch: number | null;
  preprocess: PreprocessSpec;
  tensors: ModelTensorNames;
}

const NAMES = {
  pixelValues: 'pixel_values',
  imageEmbeds: 'image_embeds',
  inputIds: 'input_ids',
  attentionMask: 'attention_mask',
  textEmbeds: 'text_embeds',
} as const;
const DEFAULT_CONTEXT_LENGTH = 77;
type Json = Record<string, unknown>;

function towerFile(dir: string, tower: 'vision' | 'text', variant: ModelVariant): string {
  return path.join(dir, 'onnx', `${tower}_model${variant === 'quantized' ? '_quantized' : ''}.onnx`);
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function requireFiles(dir: string, files: string[]): Promise<void> {
  const isDir = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new AppError(
      'MODEL_NOT_FOUND',
      `Model folder ${dir} does not exist. Download the model or choose another folder.`,
      { dir },
    );
  }
  const present = await Promise.all(files.map(isFile));
  const missing = files.filter((_, i) => present[i] !== true).map((f) => path.relative(dir, f));
  if (missing.length > 0) {
    throw new AppError(
      'MODEL_NOT_FOUND',
      `Model folder ${dir} is missing ${missing.join(', ')}. Download the model again.`,
      { dir, missing },
    );
  }
}

async function readJson(file: string): Promise<Json> {
  try {
    const value: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch (error) {
    throw new AppError(
      'MODEL_INVALID',
      `${file} is not valid JSON (${String(error)}). Download the model again.`,
      { file },
    );
  }
  throw new AppError('MODEL_INVALID', `${file} must hold a JSON object. Download the model again.`, { file });
}

function readModelConfig(config: Json, file: string): { embeddingSize: number; contextLength: number } {
  const embeddingSize = config['projection_dim'];
  if (typeof embeddingSize !== 'number' || !Number.isInteger(embeddingSize) || embeddingSize <= 0) {
    throw new AppError(
      'MODEL_INVALID',
      `${file} has no positive integer "projection_dim"; is this a CLIP model?`,
      { file },
    );
  }
  const textConfig = config['text_config'];
  const positions =
    typeof textConfig === 'object' && textConfig !== null
      ? (textConfig as Json)['max_position_embeddings']
      : undefined;
  return { embeddingSize, contextLength: typeof positions === 'number' ? positions : DEFAULT_CONTEXT_LENGTH };
}

function describe(list: TensorSignature[]): string {
  return list.length === 0 ? 'none' : list.map((t) => t.name).join(', ');
}

function expectTensor(
  file: string,
  signature: OnnxSignature,
  kind: 'input' | 'output',
  name: string,
  type: string,
): TensorSignature {
  const list = kind === 'input' ? signature.inputs : signature.outputs;
  const found = list.find((t) => t.name === name);
  if (found === undefined) {
    throw new AppError(
      'MODEL_INVALID',
      `${file} has no ${kind} "${name}" (its ${kind}s: ${describe(list)}). Expected a Hugging Face CLIP export.`,
      { file, [kind]: name },
    );
  }
  if (found.type !== type) {
    throw new AppError(
      'MODEL_INVALID',
      `${file}: ${kind} "${name}" is ${found.type}, expected ${type}. Use the fp32 or quantized export.`,
      { file, [kind]: name },
    );
  }
  return found;
}

function checkEmbeddingDims(file: string, output: TensorSignature, embeddingSize: number): void {
  const last = output.dims.at(-1);
  if (output.dims.length !== 2 || (typeof last === 'number' && last !== embeddingSize)) {
    throw new AppError(
      'MODEL_INVALID',
      `${file}: output "${output.name}" has shape [${output.dims.join(', ')}], expected [batch, ${embeddingSize}] (config.json projection_dim).`,
      { file },
    );
  }
}

function checkVision(
  file: string,
  signature: OnnxSignature,
  spec: PreprocessSpec,
  embeddingSize: number,
  names: ModelTensorNames,
): void {
  const pixels = expectTensor(file, signature, 'input', names.pixelValues, 'float32');
  const [, channels, height, width] = pixels.dims;
  const fixed = (d: number | string | undefined, want: number): boolean =>
    typeof d !== 'number' || d === want;
  if (
    pixels.dims.length !== 4 ||
    !fixed(channels, 3) ||
    !fixed(height, spec.cropHeight) ||
    !fixed(width, spec.cropWidth)
  ) {
    throw new AppError(
      'MODEL_INVALID',
      `${file}: input "${pixels.name}" has shape [${pixels.dims.join(', ')}], expected [batch, 3, ${spec.cropHeight}, ${spec.cropWidth}] (preprocessor_config.json).`,
      { file },
    );
  }
  checkEmbeddingDims(
    file,
    expectTensor(file, signature, 'output', names.imageEmbeds, 'float32'),
    embeddingSize,
  );
}

function checkText(
  file: string,
  signature: OnnxSignature,
  embeddingSize: number,
  names: ModelTensorNames,
): { hasMask: boolean; fixedLength: number | null; fixedBatch: number | null } {
  const mask = names.attentionMask ?? NAMES.attentionMask;
  const ids = expectTensor(file, signature, 'input', names.inputIds, 'int64');
  const hasMask = signature.inputs.some((t) => t.name === mask);
  if (hasMask) expectTensor(file, signature, 'input', mask, 'int64');
  checkEmbeddingDims(
    file,
    expectTensor(file, signature, 'output', names.textEmbeds, 'float32'),
    embeddingSize,
  );
  const [batch, length] = ids.dims;
  return {
    hasMask,
    fixedLength: typeof length === 'number' ? length : null,
    fixedBatch: typeof batch === 'number' ? batch : null,
  };
}

/** The catalogue entry a model was installed from (its manifest records it), if any. */
async function installedEntry(root: string): Promise<RegistryEntry | null> {
  return readManifest(root).then(
    (manifest) => manifest.entry,
    () => null,
  );
}

/**
 * What the catalogue says of an installed model (tensor names, sizes, padding), which wins over the
 * folder's configs: SigLIP's exports, for one, name their outputs `pooler_output` and have no
 * `projection_dim`. Text towers that need pooling or a separate projection are not supported yet.
 */
function contractOf(entry: RegistryEntry, root: string) {
  if (entry.vision === null || entry.text.pooling !== 'none' || entry.text.projection !== null) {
    throw new AppError(
      'MODEL_INVALID',
      `${root} holds ${entry.displayName}, a text tower with pooling or a projection, which this version cannot run yet.`,
      { dir: root },
    );
  }
  const names: ModelTensorNames = {
    pixelValues: entry.vision.input,
    imageEmbeds: entry.vision.output,
    inputIds: entry.text.inputIds,
    attentionMask: entry.text.attentionMask,
    textEmbeds: entry.text.output,
  };
  return { embeddingSize: entry.embeddingSize, contextLength: entry.text.contextLength, padding: entry.text.padding, names };
}

/**
 * Reads and checks a model folder: the files exist, the configs parse, and both towers have the
 * tensors of a Hugging Face CLIP export. Checked here, before any session is built, so a wrong
 * download is reported when the model is chosen, not in the middle of indexing.
 */
export async function readModelFolder(
  dir: string,
  options: { variant?: ModelVariant } = {},
): Promise<ModelFolder> {
  const root = path.resolve(dir);
  const variant = options.variant ?? 'fp32';
  const visionPath = towerFile(root, 'vision', variant);
  const textPath = towerFile(root, 'text', variant);
  const configPath = path.join(root, 'config.json');
  const preprocessorPath = path.join(root, 'preprocessor_config.json');
  await requireFiles(root, [
    visionPath,
    textPath,
    path.join(root, 'tokenizer.json'),
    preprocessorPath,
    configPath,
  ]);

  const entry = await installedEntry(root);
  const { embeddingSize, contextLength, padding, names } = entry
    ? contractOf(entry, root)
    : { ...readModelConfig(await readJson(configPath), configPath), padding: null, names: NAMES };
  const preprocess = entry?.vision?.preprocessing ?? parsePreprocessorConfig(await readJson(preprocessorPath));
  checkVision(visionPath, await readOnnxSignature(visionPath), preprocess, embeddingSize, names);
  const text = checkText(textPath, await readOnnxSignature(textPath), embeddingSize, names);

  return {
    id: path.basename(root),
    dir: root,
    variant,
    visionPath,
    textPath,
    embeddingSize,
    contextLength: text.fixedLength ?? contextLength,
    textPadTo: text.fixedLength === null ? (padding ?? 'longest') : 'max',
    textBatch: text.fixedBatch,
    preprocess,
    tensors: { ...names, attentionMask: text.hasMask ? (names.attentionMask ?? NAMES.attentionMask) : null },
  };
}
