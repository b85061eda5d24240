import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { measureThroughput, progress, reportToParent, runMain, type Throughput } from './bench-env.js';

/**
 * The peer: the same photos and the same model file through transformers.js, written the way its
 * documentation shows (AutoProcessor + CLIPVisionModelWithProjection, load_image, processor, model),
 * from its own install under the cache. Two styles are timed, one photo at a time as documented and
 * batches of eight (the processor takes a list), and the better one counts, to be fair to the peer.
 *
 * argv: PEER_DIR MODEL_DIR PHOTO...
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

export interface PeerChildResult {
  oneByOne: Throughput;
  batched: Throughput;
  /** the better of the two */
  perSecond: number;
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

function oneByOne(t: Transformers, processor: Processor, model: VisionModel, photos: readonly string[]): Promise<Throughput> {
  return measureThroughput(photos.length, async () => {
    for (const photo of photos) {
      const image = await t.load_image(photo);
      const inputs = await processor(image);
      await model(inputs);
    }
  });
}

function batched(t: Transformers, processor: Processor, model: VisionModel, photos: readonly string[]): Promise<Throughput> {
  return measureThroughput(photos.length, async () => {
    for (let i = 0; i < photos.length; i += 8) {
      const images = await Promise.all(photos.slice(i, i + 8).map((p) => t.load_image(p)));
      const { image_embeds } = await model(await processor(images));
      if (image_embeds.dims[0] !== images.length) throw new Error(`peer: ${image_embeds.dims.join('x')} embeddings for ${images.length} images`);
    }
  });
}

const describe = (t: Throughput): string => `${t.perSecond.toFixed(2)} photos/s, ${t.cpuMsPerItem.toFixed(0)} ms CPU each`;

async function main(): Promise<void> {
  const [peerDir, modelDir, ...photos] = process.argv.slice(2);
  if (peerDir === undefined || modelDir === undefined || photos.length < 2) {
    throw new Error('usage: peer-child.ts PEER_DIR MODEL_DIR PHOTO...');
  }
  const { lib: t, version } = await loadTransformers(peerDir);
  t.env.localModelPath = path.dirname(modelDir);
  t.env.allowRemoteModels = false;
  t.env.allowLocalModels = true;
  const id = path.basename(modelDir);

  const loadStart = performance.now();
  const processor = await t.AutoProcessor.from_pretrained(id);
  const model = await t.CLIPVisionModelWithProjection.from_pretrained(id, { dtype: 'fp32', device: 'cpu' });
  const [warm, ...rest] = photos;
  await model(await processor(await t.load_image(warm as string)));
  const loadSeconds = (performance.now() - loadStart) / 1000;

  const single = await oneByOne(t, processor, model, rest);
  progress(`peer transformers.js ${version}, one at a time: ${describe(single)}`);
  const inBatches = await batched(t, processor, model, rest);
  progress(`peer transformers.js ${version}, batches of 8: ${describe(inBatches)}`);
  await model.dispose();
  reportToParent({
    oneByOne: single,
    batched: inBatches,
    perSecond: Math.max(single.perSecond, inBatches.perSecond),
    loadSeconds,
    version,
  } satisfies PeerChildResult);
}

runMain(main);
