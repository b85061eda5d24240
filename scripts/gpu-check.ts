/**
 * GPU check for a machine with a real GPU (run by hand; see BENCHMARKS.md "GPU"): which execution
 * providers onnxruntime-node offers, whether each one loads Shoebox's models, whether its vectors
 * agree with the CPU's, and how fast the image tower runs on it.
 *
 *   tsx scripts/gpu-check.ts --tiny DIR [--big DIR | --build-big CACHE_DIR] [--out FILE] [--seconds N]
 *
 * `--tiny` is the project's tiny CLIP model (npm run make:test-model), `--big` the ViT-B/32-shaped
 * benchmark model (built by npm run bench). It prints one JSON object (and writes it to --out).
 */
import { writeFile } from 'node:fs/promises';
import { listSupportedBackends } from 'onnxruntime-node';
import { loadClipModel, type ClipModel } from '../src-main/core/model/clip-model.js';
import { describeProviders } from '../src-main/core/model/providers.js';
import { ensureVitB32Model } from '../test/fixtures/onnx/vit-b32-model.js';

interface Args {
  tiny: string;
  big: string | null;
  buildBig: string | null;
  out: string | null;
  seconds: number;
}

function parse(argv: string[]): Args {
  const get = (name: string): string | null => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? (argv[i + 1] ?? null) : null;
  };
  const tiny = get('tiny');
  if (tiny === null) throw new Error('usage: gpu-check --tiny DIR [--big DIR] [--out FILE] [--seconds N]');
  return { tiny, big: get('big'), buildBig: get('build-big'), out: get('out'), seconds: Number(get('seconds') ?? 5) };
}

/** Seeded pseudo-random, CLIP-normalised-looking pixels: the same inputs for every provider. */
function pixels(batch: number, side: number, seed: number): Float32Array {
  const out = new Float32Array(batch * 3 * side * side);
  let state = seed;
  for (let i = 0; i < out.length; i += 1) {
    state = (state * 16807) % 2147483647;
    out[i] = (state / 2147483647 - 0.5) * 3;
  }
  return out;
}

function maxAbsDiff(a: Float32Array[], b: Float32Array[]): number {
  let worst = 0;
  a.forEach((row, r) => row.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (b[r]?.[i] ?? NaN))))));
  return worst;
}

async function throughput(model: ClipModel, side: number, batch: number, seconds: number): Promise<number> {
  const input = pixels(batch, side, 7);
  await model.embedImages(input, batch);
  const started = performance.now();
  let images = 0;
  while (performance.now() - started < seconds * 1000) {
    await model.embedImages(input, batch);
    images += batch;
  }
  return images / ((performance.now() - started) / 1000);
}

async function checkModel(dir: string, provider: string, reference: Float32Array[] | null, seconds: number, batches: number[]) {
  const started = performance.now();
  const model = await loadClipModel(dir, { provider });
  try {
    const side = model.info.preprocess.cropHeight;
    const vectors = await model.embedImages(pixels(4, side, 3), 4);
    const used = model.providers.image;
    const rates: Record<string, number> = {};
    for (const batch of batches) rates[`batch_${batch}_img_per_s`] = await throughput(model, side, batch, seconds);
    const text = await model.embedTexts(['a photo of a dog']);
    const t0 = performance.now();
    for (let i = 0; i < 10; i += 1) await model.embedTexts([`a photo of a dog number ${i}`]);
    return {
      asked: provider,
      used: used?.provider ?? null,
      detail: used ? describeProviders(used) : null,
      load_ms: performance.now() - started,
      max_abs_diff_vs_cpu: reference ? maxAbsDiff(vectors, reference) : 0,
      text_query_ms: (performance.now() - t0) / 10,
      text_dim: text[0]?.length ?? 0,
      ...rates,
      vectors,
    };
  } finally {
    await model.dispose();
  }
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  const report: Record<string, unknown> = { backends: listSupportedBackends(), node: process.version };
  if (args.buildBig !== null) {
    const started = performance.now();
    args.big = (await ensureVitB32Model(args.buildBig, (line) => console.error(line))).fp32;
    report['big_build_s'] = (performance.now() - started) / 1000;
  }
  for (const [name, dir, batches] of [
    ['tiny', args.tiny, [8]],
    ['big', args.big, [8, 32]],
  ] as const) {
    if (dir === null) continue;
    const results: Record<string, unknown>[] = [];
    let reference: Float32Array[] | null = null;
    for (const provider of ['cpu', 'webgpu', 'cuda']) {
      try {
        const { vectors, ...rest } = await checkModel(dir, provider, reference, args.seconds, [...batches]);
        reference ??= vectors;
        results.push(rest);
      } catch (error) {
        results.push({ asked: provider, error: error instanceof Error ? error.message : String(error) });
      }
      console.error(`${name}/${provider}: ${JSON.stringify(results.at(-1))}`);
    }
    report[name] = results;
  }
  const text = JSON.stringify(report, null, 2);
  if (args.out !== null) await writeFile(args.out, text);
  console.log(text);
}

await main();
