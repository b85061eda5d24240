import path from 'node:path';
import { createCore } from '../../src-main/core/create-core.js';
import { loadClipModel } from '../../src-main/core/model/clip-model.js';
import { embedVideo } from '../../src-main/core/pipeline/video-job.js';
import { sampleFrames } from '../../src-main/core/video/sample-frames.js';
import { probeVideo } from '../../src-main/core/video/video-probe.js';
import { reportToParent, runMain } from './bench-env.js';

/**
 * `media-child.ts index <folder> <model>`: indexes a folder through a real core; reports the peak RSS
 * (the 200 MP photo). `media-child.ts video <file> <model>`: ffmpeg alone extracting the frames, then
 * Shoebox's whole video path (probe, sample, embed, thumbnail, hash), side by side, best of 2 each.
 */
export interface MediaIndexResult {
  peakRssMb: number;
  indexed: number;
  seconds: number;
}

export interface VideoCostResult {
  ffmpegMs: number;
  pipelineMs: number;
  frames: number;
  durationS: number;
}

async function index(folder: string, modelDir: string): Promise<void> {
  const core = await createCore({ libraryDir: path.join(folder, '..', `library-${process.pid}`), modelDir });
  await core.addRoot({ path: folder });
  const started = performance.now();
  const summary = await core.rescan({});
  const seconds = (performance.now() - started) / 1000;
  await core.close();
  reportToParent({ peakRssMb: process.resourceUsage().maxRSS / 1024, indexed: summary.indexed, seconds } satisfies MediaIndexResult);
}

async function video(file: string, modelDir: string): Promise<void> {
  const clip = await loadClipModel(modelDir);
  const model = {
    modelId: clip.info.id,
    embeddingSize: clip.info.embeddingSize,
    preprocess: clip.info.preprocess,
    embedImages: (pixels: Float32Array, batch: number) => clip.embedImages(pixels, batch),
  };
  const info = await probeVideo(file);
  const time = async (work: () => Promise<unknown>): Promise<number> => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  let ffmpegMs = Infinity;
  let pipelineMs = Infinity;
  let frames = 0;
  for (let round = 0; round < 2; round++) {
    ffmpegMs = Math.min(ffmpegMs, await time(async () => (frames = (await sampleFrames(file, info)).length)));
    const job = { id: 'bench', path: file, root: path.dirname(file), size: 0, mtime: 0, contentHash: 'bench' };
    pipelineMs = Math.min(pipelineMs, await time(() => embedVideo(job, model, path.join(path.dirname(file), 'thumb.jpg'))));
  }
  await clip.dispose();
  reportToParent({ ffmpegMs, pipelineMs, frames, durationS: info.duration } satisfies VideoCostResult);
}

runMain(async () => {
  const [mode, target, modelDir] = process.argv.slice(2);
  if (target === undefined || modelDir === undefined) throw new Error('usage: media-child.ts index|video <path> <model>');
  await (mode === 'index' ? index(target, modelDir) : video(target, modelDir));
});
