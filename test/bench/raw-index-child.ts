import './quiet-logs.js';
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../src-main/core/create-core.js';
import { exiftool } from '../../src-main/core/imaging/exiftool.js';
import { closeHashThread } from '../../src-main/core/library/hash-thread.js';
import { fullHashOfFile } from '../../src-main/core/library/identity.js';
import { progress, reportToParent, runMain, secondsSince, withTempDir } from './bench-env.js';

/**
 * `raw-index-child.ts MODEL_DIR WARMUP_DIR ROUNDS RAW_DIR JPEG_DIR`: RAW against JPEG of the same pixels the user's
 * way, side by side in one process: each round indexes the RAW folder, then the JPEG folder, each time into a
 * fresh library through the real core (addRoot + rescan: walk, identity, the JPEG's full hash (a RAW's is computed
 * later, [Note: full hash later], and never while the clock runs: each library closes first), ExifTool, decode,
 * inference, thumbnails, LanceDB writes, keywords). Each library first indexes a small warm-up folder of JPEGs,
 * so the model's load and ExifTool's start are not timed. The rates are the best of the rounds. Each figure also
 * says the CPU time per file of this process (all its threads) and of ExifTool's (read from /proc on Linux; 0
 * elsewhere), which a busy machine barely moves: on a machine whose cores indexing keeps busy the rates' ratio
 * tends to the CPU times' inverse ratio.
 */
export interface RawIndexResult {
  rawPerSecond: number;
  jpegPerSecond: number;
  files: number;
  rounds: { raw: number; jpeg: number }[];
  /** CPU ms per file, best of the rounds: this process, and ExifTool's */
  cpuMsPerFile: { raw: { node: number; exiftool: number }; jpeg: { node: number; exiftool: number } };
  /**
   * CPU ms per file of the content hash alone (the full SHA-256 the library keeps for every photo, [Note: photo
   * identity]), the same files through the same hashing thread, least of three passes: the part of the gap
   * between the two that is the RAW's size (a 24 MP DNG is ~18 times its JPEG's bytes)
   */
  hashCpuMsPerFile: { raw: number; jpeg: number };
}

/** CPU ms per file (all this process's threads) of hashing every file of `folder` as indexing does, least of three passes. */
async function hashCpuMs(folder: string): Promise<number> {
  const files = (await readdir(folder)).map((name) => path.join(folder, name));
  let least = Infinity;
  for (let pass = 0; pass < 3; pass++) {
    const cpu = process.cpuUsage();
    await Promise.all(files.map((file) => fullHashOfFile(file)));
    const { user, system } = process.cpuUsage(cpu);
    least = Math.min(least, (user + system) / 1000 / files.length);
  }
  return least;
}

interface Rate {
  perSecond: number;
  indexed: number;
  nodeCpuMs: number;
  exiftoolCpuMs: number;
}

/** CPU ms (user + system) ExifTool's processes have used so far; 0 where /proc is not there. */
function exiftoolCpuMs(): number {
  let ticks = 0;
  for (const pid of exiftool().pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
    } catch {
      // gone meanwhile, or no /proc
    }
  }
  // USER_HZ is 100 on every Linux Node runs on
  return ticks * 10;
}

async function indexRate(modelDir: string, warmupDir: string, folder: string): Promise<Rate> {
  return withTempDir('shoebox-bench-raw-index-', async (libraryDir) => {
    const core = await createCore({ libraryDir, modelDir });
    try {
      await core.addRoot({ path: warmupDir });
      await core.rescan({});
      // ExifTool started and done with the warm-up's keywords, as it is after a library's first photos
      await exiftool().version();
      const started = performance.now();
      const cpu = process.cpuUsage();
      const exiftoolStart = exiftoolCpuMs();
      await core.addRoot({ path: folder });
      const summary = await core.rescan({});
      const seconds = secondsSince(started);
      const { user, system } = process.cpuUsage(cpu);
      const exiftoolMs = exiftoolCpuMs() - exiftoolStart;
      if (summary.failed.length > 0) throw new Error(`${folder}: ${summary.failed.map((f) => `${f.path} ${f.code}`).join(', ')}`);
      const n = Math.max(1, summary.indexed);
      return { perSecond: summary.indexed / seconds, indexed: summary.indexed, nodeCpuMs: (user + system) / 1000 / n, exiftoolCpuMs: exiftoolMs / n };
    } finally {
      await core.close();
    }
  });
}

runMain(async () => {
  const [modelDir, warmupDir, roundsArg, rawDir, jpegDir] = process.argv.slice(2);
  if (!modelDir || !warmupDir || !rawDir || !jpegDir) throw new Error('usage: raw-index-child.ts MODEL_DIR WARMUP_DIR ROUNDS RAW_DIR JPEG_DIR');
  const rounds: { raw: number; jpeg: number }[] = [];
  const cpu = { raw: { node: Infinity, exiftool: Infinity }, jpeg: { node: Infinity, exiftool: Infinity } };
  const keepLeast = (into: { node: number; exiftool: number }, rate: Rate): void => {
    into.node = Math.min(into.node, rate.nodeCpuMs);
    into.exiftool = Math.min(into.exiftool, rate.exiftoolCpuMs);
  };
  let files = 0;
  for (let round = 0; round < Number(roundsArg ?? 2); round++) {
    const raw = await indexRate(modelDir, warmupDir, rawDir);
    const jpeg = await indexRate(modelDir, warmupDir, jpegDir);
    if (raw.indexed !== jpeg.indexed) throw new Error(`indexed ${raw.indexed} RAW files but ${jpeg.indexed} JPEGs`);
    files = raw.indexed;
    rounds.push({ raw: raw.perSecond, jpeg: jpeg.perSecond });
    keepLeast(cpu.raw, raw);
    keepLeast(cpu.jpeg, jpeg);
    const ms = (r: Rate): string => `${r.nodeCpuMs.toFixed(0)} + ${r.exiftoolCpuMs.toFixed(0)} ms CPU`;
    progress(
      `RAW indexing round ${round + 1}: ${raw.perSecond.toFixed(2)} RAW/s (${ms(raw)}), ${jpeg.perSecond.toFixed(2)} JPEG/s (${ms(jpeg)}) = ${(raw.perSecond / jpeg.perSecond).toFixed(2)}`,
    );
  }
  const hashCpuMsPerFile = { raw: await hashCpuMs(rawDir), jpeg: await hashCpuMs(jpegDir) };
  await closeHashThread();
  progress(`content hash alone, CPU per file: RAW ${hashCpuMsPerFile.raw.toFixed(1)} ms, JPEG ${hashCpuMsPerFile.jpeg.toFixed(1)} ms`);
  reportToParent({
    hashCpuMsPerFile,
    rawPerSecond: Math.max(...rounds.map((r) => r.raw)),
    jpegPerSecond: Math.max(...rounds.map((r) => r.jpeg)),
    files,
    rounds,
    cpuMsPerFile: cpu,
  } satisfies RawIndexResult);
});
