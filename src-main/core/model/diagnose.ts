import os from 'node:os';
import { env, listSupportedBackends } from 'onnxruntime-node';
import type { Diagnosis, ProviderReport } from '../../contract/models.js';
import { readManifest } from './download/manifest.js';
import type { LoadedModel } from './open-model.js';
import type { ProviderResult } from './providers.js';

export interface DiagnoseOptions {
  /** how long to keep the image tower busy for the throughput figure */
  seconds: number;
  batch: number;
  providerChoice: string;
  threads: number;
}

function report(result: ProviderResult | null): ProviderReport | null {
  return result === null ? null : { provider: result.provider, tried: result.tried.map((t) => ({ ...t })) };
}

/** Pixel noise, so no provider can take a shortcut on constant input. */
function syntheticBatch(model: LoadedModel, batch: number): Float32Array {
  const { cropHeight, cropWidth } = model.preprocess;
  const pixels = new Float32Array(batch * 3 * cropHeight * cropWidth);
  let state = 12345;
  for (let i = 0; i < pixels.length; i += 1) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = (state / 2 ** 32) * 4 - 2;
  }
  return pixels;
}

/**
 * Images per second through the image tower (after one warm-up batch that loads the session), and the
 * median time to embed one new search query (three distinct texts, so no cache answers).
 */
async function measure(model: LoadedModel, seconds: number, batch: number): Promise<NonNullable<Diagnosis['throughput']>> {
  const pixels = syntheticBatch(model, batch);
  // each call hands its pixels to the tower's thread ([Note: inference in a worker]), so each gets a copy
  await model.embedImages(pixels.slice(), batch);
  const started = performance.now();
  let images = 0;
  do {
    await model.embedImages(pixels.slice(), batch);
    images += batch;
  } while (performance.now() - started < seconds * 1000);
  const elapsed = (performance.now() - started) / 1000;
  await model.embedTexts(['warm up the text tower']);
  const times: number[] = [];
  for (const query of ['a dog on a beach', 'birthday cake with candles', 'snowy mountain at sunset']) {
    const t0 = performance.now();
    await model.embedTexts([query]);
    times.push(performance.now() - t0);
  }
  const textQueryMs = times.sort((a, b) => a - b)[1] ?? 0;
  return { imagesPerSec: images / elapsed, images, seconds: elapsed, batch, textQueryMs };
}

/** What `shoebox doctor` shows: the machine, what onnxruntime offers and chose (with reasons), the model, its speed. */
export async function diagnose(model: LoadedModel | null, options: DiagnoseOptions): Promise<Diagnosis> {
  const throughput = model === null ? null : await measure(model, options.seconds, options.batch);
  const towers = model?.providers() ?? { image: null, text: null };
  const variant = model === null ? null : await readManifest(model.dir).then((m) => m.variant, () => null);
  return {
    os: { platform: process.platform, release: os.release(), arch: process.arch },
    cpu: { model: os.cpus()[0]?.model.trim() ?? 'unknown', logicalCores: os.availableParallelism() },
    node: process.version,
    onnxruntime: env.versions.node ?? env.versions.common,
    backends: listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled })),
    providerChoice: model?.providerChoice ?? options.providerChoice,
    threads: model?.threads ?? options.threads,
    towers: { image: report(towers.image), text: report(towers.text) },
    model: model === null ? null : { id: model.modelId, dir: model.dir, variant, embeddingSize: model.embeddingSize },
    throughput,
  };
}
