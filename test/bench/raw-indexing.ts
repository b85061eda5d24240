import path from 'node:path';
import { loadavg } from 'node:os';
import { ensureVitB32Model } from '../fixtures/onnx/vit-b32-model.js';
import { ensurePhotos } from './photos.js';
import { CACHE_DIR, progress, runChild, runMain } from './bench-env.js';
import { INDEX_FILES, indexFolders } from './media-bench.js';
import type { RawIndexResult } from './raw-index-child.js';

/**
 * `npx tsx test/bench/raw-indexing.ts [ROUNDS]`: the media bench's whole-indexing RAW figure alone (16 DNGs against
 * their 16 JPEGs, each folder indexed into a fresh library by the real core, alternating, ROUNDS rounds), with the
 * load average before and after.
 */
runMain(async () => {
  const rounds = process.argv[2] ?? '3';
  const { rawDir, jpegDir } = await indexFolders(INDEX_FILES);
  const before = loadavg().map((l) => l.toFixed(2)).join(' ');
  const model = (await ensureVitB32Model(CACHE_DIR, progress)).fp32;
  const warmupDir = path.join(CACHE_DIR, 'warmup');
  await ensurePhotos(warmupDir, 8, progress, 10_000);
  const result = await runChild<RawIndexResult>('raw-index-child.ts', [model, warmupDir, rounds, rawDir, jpegDir]);
  progress(`load average before ${before}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const [i, r] of result.rounds.entries()) console.log(`round ${i + 1}: RAW ${r.raw.toFixed(2)} files/s, JPEG ${r.jpeg.toFixed(2)} files/s = ${(r.raw / r.jpeg).toFixed(2)}`);
  const { raw, jpeg } = result.cpuMsPerFile;
  const cpuRatio = (jpeg.node + jpeg.exiftool) / (raw.node + raw.exiftool);
  console.log(`CPU per file (this process + ExifTool), least of the rounds: RAW ${raw.node.toFixed(0)} + ${raw.exiftool.toFixed(0)} ms, JPEG ${jpeg.node.toFixed(0)} + ${jpeg.exiftool.toFixed(0)} ms; JPEG/RAW ${cpuRatio.toFixed(2)}`);
  console.log(`best: RAW ${result.rawPerSecond.toFixed(2)}, JPEG ${result.jpegPerSecond.toFixed(2)} = ${(result.rawPerSecond / result.jpegPerSecond).toFixed(2)} (${result.files} files each)`);
});
