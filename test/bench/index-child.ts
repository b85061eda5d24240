import { createCore } from '../../src-main/core/create-core.js';
import { progress, reportToParent, runMain, secondsSince, withTempDir } from './bench-env.js';

/**
 * E, in a process of its own: a fresh library indexes the photo folder through the real core
 * (addRoot + rescan: walk, identity, decode, embed, LanceDB writes, thumbnails). A small warm-up
 * folder is indexed first, so the figure is the pipeline's throughput, not the model's one-off load
 * (reported apart). The process's peak RSS covers both.
 *
 * argv: MODEL_DIR PHOTO_DIR WARMUP_DIR
 */

export interface IndexChildResult {
  photos: number;
  failed: number;
  seconds: number;
  perSecond: number;
  /** CPU time (all threads: decode, inference, writes) per photo over the timed scan */
  cpuMsPerPhoto: number;
  /** warm-up folder: model load, first batches, catalogue creation */
  warmupSeconds: number;
  peakRssMb: number;
}

async function main(): Promise<void> {
  const [modelDir, photoDir, warmupDir] = process.argv.slice(2);
  if (modelDir === undefined || photoDir === undefined || warmupDir === undefined) {
    throw new Error('usage: index-child.ts MODEL_DIR PHOTO_DIR WARMUP_DIR');
  }
  const result = await withTempDir('shoebox-bench-library-', async (libraryDir) => {
    const core = await createCore({ libraryDir, modelDir });
    try {
      const warmStart = performance.now();
      await core.addRoot({ path: warmupDir });
      await core.rescan({});
      const warmupSeconds = secondsSince(warmStart);
      await core.addRoot({ path: photoDir });
      const start = performance.now();
      const cpu = process.cpuUsage();
      const summary = await core.rescan({});
      const seconds = secondsSince(start);
      const { user, system } = process.cpuUsage(cpu);
      return {
        photos: summary.indexed,
        failed: summary.failed.length,
        seconds,
        perSecond: summary.indexed / seconds,
        cpuMsPerPhoto: (user + system) / 1000 / summary.indexed,
        warmupSeconds,
      };
    } finally {
      await core.close();
    }
  });
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  progress(
    `E indexed ${result.photos} photos in ${result.seconds.toFixed(1)} s: ${result.perSecond.toFixed(1)} photos/s, ` +
      `${result.cpuMsPerPhoto.toFixed(0)} ms CPU per photo, peak RSS ${peakRssMb.toFixed(0)} MB`,
  );
  reportToParent({ ...result, peakRssMb } satisfies IndexChildResult);
}

runMain(main);
