import { Tensor } from 'onnxruntime-node';
import { AppError } from '../../contract/errors.js';
import { readModelFolder, type ModelFolder, type ModelVariant } from './model-folder.js';
import { parseProviderChoice, type ProviderResult } from './providers.js';
import { createSession, type LoadedSession, type SessionOptions } from './session.js';
import { startImageWorker, type ImageRunner } from './image-tower-worker.js';
import { textRunnerHere, textRunnerInWorker, type TextRunner, type TextTowerSpec } from './text-tower.js';

export interface ClipModelOptions {
  /** a ProviderChoice ('auto', 'cpu', 'cuda', ...); anything else is INVALID_INPUT */
  provider?: string;
  threads?: number;
  variant?: ModelVariant;
  /** run the image tower in a worker thread (default true): [Note: inference in a worker] */
  imageWorker?: boolean;
}

/** The two towers of a CLIP model behind one object; every vector it returns has unit length. */
export interface ClipModel {
  readonly info: ModelFolder;
  /** where the first loaded tower runs ('cpu', 'cuda', ...); until a tower loads, the choice asked for ('auto') */
  readonly provider: string;
  /** per tower: where it runs and what was tried first; null while not loaded */
  readonly providers: { image: ProviderResult | null; text: ProviderResult | null };
  /** `pixels`: `batch` preprocessed images, NCHW, as the model's preprocess spec makes them; handed over to the tower's thread, so not to be read again */
  embedImages(pixels: Float32Array, batch: number): Promise<Float32Array[]>;
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  /**
   * Loads the text tower now, in a worker thread of its own (a page's warm-up: [Note: warming for the page]), or
   * waits for the load under way; a tower already loaded stays where it is. Without a worker, in this thread.
   */
  loadTextInWorker(): Promise<void>;
  /** where the image tower runs once loaded: the worker's threadId, 0 for the main thread; null while not loaded */
  imageThread(): number | null;
  /** the image tower's worker thread while one runs */
  imageWorker(): import('node:worker_threads').Worker | null;
  /** where the text tower runs once loaded: its worker's threadId, 0 for this thread; null while not loaded */
  textThread(): number | null;
  /** Waits for running inferences, then frees the sessions. */
  dispose(): Promise<void>;
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
  const { data, dims } = (output ?? {}) as { data?: unknown; dims?: readonly number[] };
  const ok = data instanceof Float32Array && dims?.length === 2 && dims[0] === batch && dims[1] === size;
  if (!ok) {
    throw new AppError(
      'MODEL_INVALID',
      `The model's "${name}" output is not a [${batch}, ${size}] float32 tensor.`,
      { output: name },
    );
  }
  return normalisedRows(data, batch, size);
}

/** The main-thread path: the session in this thread, run between the other work of the event loop. */
function inProcessRunner(loaded: LoadedSession, input: string, output: string): ImageRunner {
  return {
    providers: loaded.providers,
    threadId: 0,
    worker: null,
    async run(pixels, dims) {
      const outputs = await loaded.session.run({ [input]: new Tensor('float32', pixels, dims) });
      const out = outputs[output];
      return out instanceof Tensor ? { data: out.data as Float32Array, dims: out.dims } : { data: new Float32Array(0), dims: [] };
    },
    release: () => loaded.session.release(),
  };
}

class OnnxClipModel implements ClipModel {
  private image: Promise<ImageRunner> | null = null;
  private imageRunner: ImageRunner | null = null;
  private text: Promise<TextRunner> | null = null;
  private imageResult: ProviderResult | null = null;
  private textResult: ProviderResult | null = null;
  private textThreadId: number | null = null;
  private readonly running = new Set<Promise<unknown>>();
  private disposed = false;

  constructor(
    readonly info: ModelFolder,
    private readonly sessionOptions: SessionOptions,
    private readonly useWorker: boolean,
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
      const runner = await this.imageTower();
      const output = await runner.run(pixels, [batch, 3, cropHeight, cropWidth]);
      return readEmbeddings(output, this.info.tensors.imageEmbeds, batch, this.info.embeddingSize);
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
      const runner = await this.textTower(false);
      const output = await runner.run(texts);
      return readEmbeddings(output, this.info.tensors.textEmbeds, texts.length, this.info.embeddingSize);
    });
  }

  async loadTextInWorker(): Promise<void> {
    await this.track(() => this.textTower(true));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled([...this.running]);
    const [image, text] = await Promise.allSettled([this.image, this.text]);
    if (image.status === 'fulfilled' && image.value !== null) await image.value.release();
    if (text.status === 'fulfilled' && text.value !== null) await text.value.release();
  }

  imageThread(): number | null {
    return this.imageRunner?.threadId ?? null;
  }

  imageWorker(): import('node:worker_threads').Worker | null {
    return this.imageRunner?.worker ?? null;
  }

  textThread(): number | null {
    return this.textThreadId;
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
  private imageTower(): Promise<ImageRunner> {
    this.image ??= this.load(
      this.startImage(),
      (r) => (this.imageResult = r),
      () => (this.image = null),
    );
    return this.image;
  }

  /** In a worker unless asked not to (or no worker entry is on disk); a worker that died is replaced on the next batch. */
  private async startImage(): Promise<ImageRunner> {
    const { pixelValues, imageEmbeds } = this.info.tensors;
    const worker = this.useWorker
      ? await startImageWorker({ modelPath: this.info.visionPath, sessionOptions: this.sessionOptions, input: pixelValues, output: imageEmbeds })
      : null;
    const runner = worker ?? inProcessRunner(await createSession(this.info.visionPath, this.sessionOptions), pixelValues, imageEmbeds);
    this.imageRunner = runner;
    runner.worker?.once('exit', () => {
      if (this.imageRunner !== runner) return;
      this.imageRunner = null;
      this.image = null;
    });
    return runner;
  }

  /** Built on first use, in this thread, or in a worker when the first to ask wants one (see ClipModel). */
  private textTower(inWorker: boolean): Promise<TextRunner> {
    this.text ??= this.load(
      this.startText(inWorker),
      (r) => (this.textResult = r),
      () => (this.text = null),
    );
    return this.text;
  }

  private async startText(inWorker: boolean): Promise<TextRunner> {
    const { tensors } = this.info;
    const spec: TextTowerSpec = {
      dir: this.info.dir,
      contextLength: this.info.contextLength,
      textPath: this.info.textPath,
      padTo: this.info.textPadTo,
      inputIds: tensors.inputIds,
      attentionMask: tensors.attentionMask,
      output: tensors.textEmbeds,
    };
    const runner = (inWorker ? await textRunnerInWorker(spec, this.sessionOptions) : null) ?? (await textRunnerHere(spec, this.sessionOptions));
    this.textThreadId = runner.threadId;
    return runner;
  }

  /** Records where a tower runs; forgets a failed load so the next call can try again. */
  private async load<T extends { providers: ProviderResult }>(
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
  return new OnnxClipModel(info, sessionOptions, options.imageWorker ?? true);
}
