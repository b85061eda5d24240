import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { prepareImage, type PreprocessSpec } from '../../src-main/core/imaging/index.js';
import { loadClipModel } from '../../src-main/core/model/clip-model.js';
import { readModelFolder } from '../../src-main/core/model/model-folder.js';
import { forEachConcurrent, measureThroughput, median, progress, withTempDir, type Throughput } from './bench-env.js';

/** What `createCore` uses when the options leave them out (see engine.ts); the bench measures at these. */
export const PIPELINE_DEFAULTS = { batchSize: 8, decodeConcurrency: 3 } as const;

export async function preprocessSpecOf(modelDir: string): Promise<PreprocessSpec> {
  return (await readModelFolder(modelDir)).preprocess;
}

export interface DecodeResult extends Throughput {
  /** the model inputs, reused to measure the model on real photos */
  tensors: Float32Array[];
}

/**
 * D: the pipeline's decode stage alone, as the embed queue runs it: read the file, then prepareImage
 * with a thumbnail, `decodeConcurrency` photos in flight.
 */
export async function measureDecode(files: readonly string[], spec: PreprocessSpec, concurrency: number): Promise<DecodeResult> {
  return withTempDir('shoebox-bench-decode-', async (dir) => {
    const prepare = async (file: string, i: number): Promise<Float32Array> => {
      const bytes = await readFile(file);
      const image = await prepareImage(bytes, spec, { thumbnailPath: path.join(dir, `${i}.jpg`), fileName: file });
      return image.tensor;
    };
    await forEachConcurrent(files.slice(0, concurrency), concurrency, async (f, i) => {
      await prepare(f, i);
    });
    const tensors: Float32Array[] = new Array<Float32Array>(files.length);
    const measured = await measureThroughput(files.length, () =>
      forEachConcurrent(files, concurrency, async (file, i) => {
        tensors[i] = await prepare(file, i);
      }),
    );
    progress(`D decode + preprocess: ${describe(measured, 'photos')} (${files.length} photos, ${concurrency} in flight)`);
    return { ...measured, tensors };
  });
}

/** L: the image tower alone on real inputs, at the pipeline's batch size and the session's default threads. */
export async function measureModel(modelDir: string, tensors: readonly Float32Array[], batchSize: number, label: string): Promise<Throughput> {
  const model = await loadClipModel(modelDir);
  try {
    const per = tensors[0]?.length ?? 0;
    const batches: Float32Array[] = [];
    for (let i = 0; i + batchSize <= tensors.length; i += batchSize) {
      const pixels = new Float32Array(per * batchSize);
      tensors.slice(i, i + batchSize).forEach((t, j) => pixels.set(t, j * per));
      batches.push(pixels);
    }
    const [first] = batches;
    if (first === undefined) throw new Error(`measureModel: fewer than ${batchSize} images`);
    // a copy: embedImages takes over (transfers) the buffer it is given ([Note: inference in a worker])
    await model.embedImages(first.slice(), batchSize); // loads the session and warms its arenas
    const measured = await measureThroughput(batches.length * batchSize, async () => {
      for (const pixels of batches) await model.embedImages(pixels, batchSize);
    });
    progress(`L image tower ${label}: ${describe(measured, 'images')} (batch ${batchSize})`);
    return measured;
  } finally {
    await model.dispose();
  }
}

const describe = (t: Throughput, what: string): string => `${t.perSecond.toFixed(1)} ${what}/s, ${t.cpuMsPerItem.toFixed(0)} ms CPU each`;

const QUERIES = [
  'a dog on the beach',
  'birthday cake with candles',
  'snowy mountains at sunrise',
  'my grandmother in her garden',
  'a red car parked on a street',
  'people dancing at a wedding',
  'sunset over the sea',
  'a cat sleeping on a sofa',
  'receipts and documents',
  'children playing football in the park',
  'a bowl of ramen',
  'the eiffel tower at night',
];

/** Text-tower latency per query (no cache): median over distinct queries after one warm-up. */
export async function measureTextEncoding(modelDir: string, label: string): Promise<number> {
  const model = await loadClipModel(modelDir);
  try {
    await model.embedTexts(['warm up']);
    const times: number[] = [];
    for (const query of QUERIES) {
      const start = performance.now();
      await model.embedTexts([query]);
      times.push(performance.now() - start);
    }
    const ms = median(times);
    progress(`text encoding ${label}: ${ms.toFixed(1)} ms per query (median of ${times.length})`);
    return ms;
  } finally {
    await model.dispose();
  }
}
