import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { measureThroughput, progress, reportToParent, runMain, type Throughput } from './bench-env.js';

/**
 * The peer: the same photos and the same model file through transformers.js, written the way its
 * documentation shows (AutoProcessor + CLIPVisionModelWithProjection, load_image, processor, model),
 * from its own install under the cache. Each of its documented knobs that bears on speed is tried, and each
 * result reported: one photo at a time (as documented) and batches of eight (the processor takes a list;
 * the eight files load at once), each with transformers.js's default session (onnxruntime's own thread
 * choice, spinning threads) and with `session_options` giving one intra-op thread per core without spinning
 * (the settings Shoebox uses). The best one counts, to be fair to the peer. One photo from outside the
 * measured set warms each session up first.
 *
 * argv: PEER_DIR MODEL_DIR WARMUP_PHOTO PHOTO...
 */

interface TensorLike {
  dims: number[];
}
type Processor = (images: unknown) => Promise<Record<string, unknown>>;
type VisionModel = ((inputs: Record<string, unknown>) => Promise<{ image_embeds: TensorLike }>) & { dispose(): Promise<unknown> };

interface Transformers {
  env: { localModelPath: string; allowRemoteModels: boolean; allowLocalModels: boolean };
  AutoProcessor: { from_pretrained(id: string): Promise<Processor> };
  CLIPVisionModelWithProjection: { from_pretrained(id: string, options: object): Promise<VisionModel> };
  load_image(input: string): Promise<unknown>;
}

export interface PeerVariant extends Throughput {
  batch: number;
  threads: 'default' | 'per core, no spinning';
}

export interface PeerChildResult {
  variants: PeerVariant[];
  /** the best variant's rate */
  perSecond: number;
  best: PeerVariant;
  photos: number;
  loadSeconds: number;
  version: string;
}

async function loadTransformers(peerDir: string): Promise<{ lib: Transformers; version: string }> {
  const root = path.resolve(peerDir);
  const entry = createRequire(path.join(root, 'package.json')).resolve('@huggingface/transformers');
  const manifestFile = path.join(root, 'node_modules', '@huggingface', 'transformers', 'package.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { version: string };
  return { lib: (await import(pathToFileURL(entry).href)) as Transformers, version: manifest.version };
}

function inBatches(t: Transformers, processor: Processor, model: VisionModel, photos: readonly string[], batch: number): Promise<Throughput> {
  return measureThroughput(photos.length, async () => {
    for (let i = 0; i < photos.length; i += batch) {
      const images = await Promise.all(photos.slice(i, i + batch).map((p) => t.load_image(p)));
      const { image_embeds } = await model(await processor(batch === 1 ? images[0] : images));
      if (image_embeds.dims[0] !== images.length) throw new Error(`peer: ${image_embeds.dims.join('x')} embeddings for ${images.length} images`);
    }
  });
}

const describe = (t: Throughput): string => `${t.perSecond.toFixed(2)} photos/s, ${t.cpuMsPerItem.toFixed(0)} ms CPU each`;

async function main(): Promise<void> {
  const [peerDir, modelDir, warmup, ...photos] = process.argv.slice(2);
  if (peerDir === undefined || modelDir === undefined || warmup === undefined || photos.length < 2) {
    throw new Error('usage: peer-child.ts PEER_DIR MODEL_DIR WARMUP_PHOTO PHOTO...');
  }
  const { lib: t, version } = await loadTransformers(peerDir);
  t.env.localModelPath = path.dirname(modelDir);
  t.env.allowRemoteModels = false;
  t.env.allowLocalModels = true;
  const id = path.basename(modelDir);
  const settings = {
    default: {},
    'per core, no spinning': { session_options: { intraOpNumThreads: availableParallelism(), interOpNumThreads: 1, extra: { session: { intra_op: { allow_spinning: '0' } } } } },
  } as const;

  const processor = await t.AutoProcessor.from_pretrained(id);
  const variants: PeerVariant[] = [];
  let loadSeconds = 0;
  for (const threads of ['default', 'per core, no spinning'] as const) {
    const loadStart = performance.now();
    const model = await t.CLIPVisionModelWithProjection.from_pretrained(id, { dtype: 'fp32', device: 'cpu', ...settings[threads] });
    await model(await processor(await t.load_image(warmup)));
    if (threads === 'default') loadSeconds = (performance.now() - loadStart) / 1000;
    for (const batch of [1, 8]) {
      const measured = await inBatches(t, processor, model, photos, batch);
      progress(`peer transformers.js ${version}, batch ${batch}, threads ${threads}: ${describe(measured)}`);
      variants.push({ ...measured, batch, threads });
    }
    await model.dispose();
  }
  const best = variants.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
  reportToParent({ variants, perSecond: best.perSecond, best, photos: photos.length, loadSeconds, version } satisfies PeerChildResult);
}

runMain(main);
