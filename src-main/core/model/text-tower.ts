import { Tensor } from 'onnxruntime-node';
import { createSession, type LoadedSession, type SessionOptions } from './session.js';
import { TextTokenizer, type PadTo } from './tokenizer.js';
import type { ProviderResult } from './providers.js';
import type { TowerOutput } from './tower-thread.js';
import { startTowerWorker } from './tower-worker.js';

/** What a CLIP text tower needs of its model folder, in this thread or in a worker's. */
export interface TextTowerSpec {
  dir: string;
  contextLength: number;
  textPath: string;
  padTo: PadTo;
  inputIds: string;
  attentionMask: string | null;
  output: string;
}

export interface TextThreadData {
  spec: TextTowerSpec;
  sessionOptions: SessionOptions;
}

export type TextRequest = { id: number; texts: string[] };

/** Where the text tower runs: here or in a worker thread; both tokenise and give back the [batch, size] output. */
export interface TextRunner {
  readonly providers: ProviderResult;
  /** 0 for the main thread, else the worker's threadId */
  readonly threadId: number;
  run(texts: string[]): Promise<TowerOutput>;
  release(): Promise<void>;
}

interface LoadedTextTower extends LoadedSession {
  tokenizer: TextTokenizer;
}

/**
 * The tokenizer first: if its files are broken, no session has been made that would need freeing. Both block
 * their thread (a JSON parse, onnxruntime's synchronous model load): a turn of the event loop between them lets
 * what arrived meanwhile be answered.
 */
async function loadTextTower(spec: TextTowerSpec, options: SessionOptions): Promise<LoadedTextTower> {
  const tokenizer = await TextTokenizer.load(spec.dir, spec.contextLength);
  await new Promise((resolve) => setImmediate(resolve));
  return { ...(await createSession(spec.textPath, options)), tokenizer };
}

async function runTextTower(tower: LoadedTextTower, spec: TextTowerSpec, texts: string[]): Promise<TowerOutput> {
  const tokens = tower.tokenizer.encode(texts, spec.padTo);
  const dims = [tokens.batch, tokens.length];
  const feeds: Record<string, Tensor> = { [spec.inputIds]: new Tensor('int64', tokens.inputIds, dims) };
  if (spec.attentionMask !== null) feeds[spec.attentionMask] = new Tensor('int64', tokens.attentionMask, dims);
  const out = (await tower.session.run(feeds))[spec.output];
  // anything but a float32 tensor comes back without dims, which the caller refuses (MODEL_INVALID)
  return out instanceof Tensor && out.data instanceof Float32Array ? { data: out.data, dims: out.dims } : { data: new Float32Array(0), dims: [] };
}

/** The text tower in the calling thread. */
export async function textRunnerHere(spec: TextTowerSpec, options: SessionOptions): Promise<TextRunner> {
  const tower = await loadTextTower(spec, options);
  return {
    providers: tower.providers,
    threadId: 0,
    run: (texts) => runTextTower(tower, spec, texts),
    release: () => tower.session.release(),
  };
}

/** The text tower in a worker thread of its own (text-tower-thread.ts); null where no worker can start. */
export async function textRunnerInWorker(spec: TextTowerSpec, options: SessionOptions): Promise<TextRunner | null> {
  const tower = await startTowerWorker<TextRequest>('text-tower-thread', { spec, sessionOptions: options } satisfies TextThreadData, 'text model');
  if (tower === null) return null;
  return {
    providers: tower.providers,
    threadId: tower.threadId,
    run: (texts) => tower.call({ texts }),
    release: () => tower.release(),
  };
}

/** The worker thread's side: the same load and runs as `textRunnerHere`. */
export async function threadTextTower(data: TextThreadData): Promise<{ providers: ProviderResult; run(request: TextRequest): Promise<TowerOutput> }> {
  const tower = await loadTextTower(data.spec, data.sessionOptions);
  return { providers: tower.providers, run: (request) => runTextTower(tower, data.spec, request.texts) };
}
