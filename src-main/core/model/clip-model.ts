import { Tensor } from 'onnxruntime-node';
import { AppError } from '../../contract/errors.js';
import { readModelFolder, type ModelFolder, type ModelVariant } from './model-folder.js';
import { parseProviderChoice, type ProviderResult } from './providers.js';
import { createSession, type LoadedSession, type SessionOptions } from './session.js';
import { TextTokenizer } from './tokenizer.js';

export interface ClipModelOptions {
  /** a ProviderChoice ('auto', 'cpu', 'cuda', ...); anything else is INVALID_INPUT */
  provider?: string;
  threads?: number;
  variant?: ModelVariant;
}

/** The two towers of a CLIP model behind one object; every vector it returns has unit length. */
export interface ClipModel {
  readonly info: ModelFolder;
  /** where the first loaded tower runs ('cpu', 'cuda', ...); until a tower loads, the choice asked for ('auto') */
  readonly provider: string;
  /** per tower: where it runs and what was tried first; null while not loaded */
  readonly providers: { image: ProviderResult | null; text: ProviderResult | null };
  /** `pixels`: `batch` preprocessed images, NCHW, as the model's preprocess spec makes them */
  embedImages(pixels: Float32Array, batch: number): Promise<Float32Array[]>;
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  /** Waits for running inferences, then frees the sessions. */
  dispose(): Promise<void>;
}

interface TextTower extends LoadedSession {
  tokenizer: TextTokenizer;
}

/** Splits a [batch, size] output into rows of unit length (a zero row stays zero). */
function normalisedRows(data: Float32Array, batch: number, size: number): Float32Array[] {
  return Array.from({ length: batch }, (_, r) => {
    const row = data.slice(r * size, (r + 1) * size);
    const norm = Math.hypot(...row);
    if (norm > 0) row.forEach((v, i) => (row[i] = v / norm));
    return row;
  });
}

function readEmbeddings(output: unknown, name: string, batch: number, size: number): Float32Array[] {
  const ok =
    output instanceof Tensor &&
    output.data instanceof Float32Array &&
    output.dims.length === 2 &&
    output.dims[0] === batch &&
    output.dims[1] === size;
  if (!ok) {
    throw new AppError(
      'MODEL_INVALID',
      `The model's "${name}" output is not a [${batch}, ${size}] float32 tensor.`,
      { output: name },
    );
  }
  return normalisedRows(output.data, batch, size);
}

class OnnxClipModel implements ClipModel {
  private image: Promise<LoadedSession> | null = null;
  private text: Promise<TextTower> | null = null;
  private imageResult: ProviderResult | null = null;
  private textResult: ProviderResult | null = null;
  private readonly running = new Set<Promise<unknown>>();
  private disposed = false;

  constructor(
    readonly info: ModelFolder,
    private readonly sessionOptions: SessionOptions,
  ) {}

  get provider(): string {
    return (this.imageResult ?? this.textResult)?.provider ?? this.sessionOptions.provider ?? 'auto';
  }

  get providers(): { image: ProviderResult | null; text: ProviderResult | null } {
    return { image: this.imageResult, text: this.textResult };
  }

  async embedImages(pixels: Float32Array, batch: number): Promise<Float32Array[]> {
    const { cropHeight, cropWidth } = this.info.preprocess;
    if (!Number.isInteger(batch) || batch < 0 || pixels.length !== batch * 3 * cropHeight * cropWidth) {
      throw new AppError(
        'INVALID_INPUT',
        `embedImages: expected ${batch} x 3 x ${cropHeight} x ${cropWidth} values, got ${pixels.length}.`,
      );
    }
    if (batch === 0) return [];
    return this.track(async () => {
      const { session } = await this.imageTower();
      const { pixelValues, imageEmbeds } = this.info.tensors;
      const feeds = { [pixelValues]: new Tensor('float32', pixels, [batch, 3, cropHeight, cropWidth]) };
      const outputs = await session.run(feeds);
      return readEmbeddings(outputs[imageEmbeds], imageEmbeds, batch, this.info.embeddingSize);
    });
  }

  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const { textBatch } = this.info;
    if (textBatch !== null && texts.length > textBatch) {
      // a tower exported for a fixed batch (Chinese-CLIP's: one text) takes the texts in runs of that size
      const runs: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += textBatch) runs.push(...(await this.embedTexts(texts.slice(i, i + textBatch))));
      return runs;
    }
    return this.track(async () => {
      const { session, tokenizer } = await this.textTower();
      const { inputIds, attentionMask, textEmbeds } = this.info.tensors;
      const tokens = tokenizer.encode(texts, this.info.textPadTo);
      const dims = [tokens.batch, tokens.length];
      const feeds: Record<string, Tensor> = { [inputIds]: new Tensor('int64', tokens.inputIds, dims) };
      if (attentionMask !== null) feeds[attentionMask] = new Tensor('int64', tokens.attentionMask, dims);
      const outputs = await session.run(feeds);
      return readEmbeddings(outputs[textEmbeds], textEmbeds, tokens.batch, this.info.embeddingSize);
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled([...this.running]);
    const towers = await Promise.allSettled([this.image, this.text]);
    for (const tower of towers) {
      if (tower.status === 'fulfilled' && tower.value !== null) await tower.value.session.release();
    }
  }

  /** Runs `work` unless disposed, and lets dispose() wait for it, so no session is freed mid-run. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    if (this.disposed) {
      return Promise.reject(new AppError('MODEL_NOT_READY', `The model ${this.info.id} was closed.`));
    }
    const promise = work();
    this.running.add(promise);
    const forget = (): void => {
      this.running.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Built on first use, so indexing never loads the text tower and search never the image tower. */
  private imageTower(): Promise<LoadedSession> {
    this.image ??= this.load(
      createSession(this.info.visionPath, this.sessionOptions),
      (r) => (this.imageResult = r),
      () => (this.image = null),
    );
    return this.image;
  }

  private textTower(): Promise<TextTower> {
    this.text ??= this.load(
      this.loadText(),
      (r) => (this.textResult = r),
      () => (this.text = null),
    );
    return this.text;
  }

  /** The tokenizer first: if its files are broken, no session has been made that would need freeing. */
  private async loadText(): Promise<TextTower> {
    const tokenizer = await TextTokenizer.load(this.info.dir, this.info.contextLength);
    return { ...(await createSession(this.info.textPath, this.sessionOptions)), tokenizer };
  }

  /** Records where a tower runs; forgets a failed load so the next call can try again. */
  private async load<T extends LoadedSession>(
    loading: Promise<T>,
    record: (r: ProviderResult) => void,
    reset: () => void,
  ): Promise<T> {
    try {
      const tower = await loading;
      record(tower.providers);
      return tower;
    } catch (error) {
      reset();
      throw error;
    }
  }
}

/** Checks the model folder now; the sessions themselves are created on first use. */
export async function loadClipModel(dir: string, options: ClipModelOptions = {}): Promise<ClipModel> {
  const sessionOptions: SessionOptions = {};
  if (options.provider !== undefined) sessionOptions.provider = parseProviderChoice(options.provider);
  if (options.threads !== undefined) sessionOptions.threads = options.threads;
  const info = await readModelFolder(dir, options.variant === undefined ? {} : { variant: options.variant });
  return new OnnxClipModel(info, sessionOptions);
}
