import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CACHE_DIR, progress, REPO_ROOT } from './bench-env.js';
import { folderOf } from './photos.js';

/** One `shoebox index` process, as a person runs it, timed from outside. */
export interface CliRun {
  photos: number;
  failed: number;
  seconds: number;
  /** user + system CPU of the process and its children (GNU time); null where /usr/bin/time is missing */
  cpuSeconds: number | null;
  /** the largest resident set of the processes (GNU time's %M); null without it */
  peakRssMb: number | null;
}

/**
 * E the user's way: `npm run shoebox -- index DIR` on a fresh library, measured from outside the process.
 * Two runs of the same command, each on a fresh library: the first `small` photos alone, then all of them;
 * E is the difference: (N − small) / (T_N − T_small). Both runs pay the same start-up (Node, tsx, modules,
 * opening the library, loading the model, the first batch's warm-up) and the same drain at the end, so the
 * difference is the steady rate; the start-up is reported apart as T_small − small / E.
 */
export interface CliIndexResult {
  photos: number;
  failed: number;
  perSecond: number;
  /** CPU per photo over the difference of the two runs (all threads and processes); null without GNU time */
  cpuMsPerPhoto: number | null;
  /** process start, modules, library, model load and first batch, before the photos flow */
  startupSeconds: number;
  /** the whole run of all N photos, start-up included */
  wholeSeconds: number;
  peakRssMb: number | null;
  small: CliRun;
  large: CliRun;
}

const GNU_TIME = '/usr/bin/time';
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
const CLI = path.join(REPO_ROOT, 'src-main', 'cli', 'bin.ts');

/** `tsx src-main/cli/bin.ts index DIR --library LIB --model MODEL --json`: what `npm run shoebox -- index` runs. */
async function runIndex(modelDir: string, photoDir: string): Promise<CliRun> {
  const libraryDir = await mkdtemp(path.join(tmpdir(), 'shoebox-bench-cli-'));
  const timed = existsSync(GNU_TIME);
  const command = [TSX, CLI, 'index', photoDir, '--library', libraryDir, '--model', modelDir, '--json'];
  const [file, ...args] = timed ? [GNU_TIME, '-f', 'BENCH_TIME %U %S %M', ...command] : command;
  try {
    const start = performance.now();
    const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
      const child = spawn(file as string, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
      child.on('error', reject);
      child.on('close', (exit) => resolve({ stdout: out, stderr: err, code: exit }));
    });
    const seconds = (performance.now() - start) / 1000;
    if (code !== 0) throw new Error(`shoebox index exited with ${String(code)}:\n${stderr.slice(-2000)}`);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as { indexed: number; failed: unknown[] };
    const times = /BENCH_TIME (\S+) (\S+) (\d+)/.exec(stderr);
    return {
      photos: summary.indexed,
      failed: summary.failed.length,
      seconds,
      cpuSeconds: times ? Number(times[1]) + Number(times[2]) : null,
      peakRssMb: times ? Number(times[3]) / 1024 : null,
    };
  } finally {
    await rm(libraryDir, { recursive: true, force: true });
  }
}

export async function measureCliIndex(modelDir: string, photos: readonly string[], label: string, small = 8): Promise<CliIndexResult> {
  if (photos.length < small * 3) throw new Error(`measureCliIndex: ${photos.length} photos are too few to tell the rate from the start-up`);
  const smallDir = await folderOf(photos.slice(0, small), path.join(CACHE_DIR, `photos-${small}`));
  const largeDir = await folderOf(photos, path.join(CACHE_DIR, `photos-${photos.length}`));
  const smallRun = await runIndex(modelDir, smallDir);
  const large = await runIndex(modelDir, largeDir);
  const extra = large.photos - smallRun.photos;
  const perSecond = extra / (large.seconds - smallRun.seconds);
  const cpuMsPerPhoto = large.cpuSeconds !== null && smallRun.cpuSeconds !== null ? ((large.cpuSeconds - smallRun.cpuSeconds) * 1000) / extra : null;
  const startupSeconds = smallRun.seconds - smallRun.photos / perSecond;
  progress(
    `E ${label} (shoebox index, a new process): ${perSecond.toFixed(1)} photos/s after start-up, ` +
      `${cpuMsPerPhoto === null ? '?' : cpuMsPerPhoto.toFixed(0)} ms CPU per photo; start-up ${startupSeconds.toFixed(1)} s; ` +
      `${large.photos} photos in ${large.seconds.toFixed(1)} s whole, ${small} in ${smallRun.seconds.toFixed(1)} s; peak RSS ${large.peakRssMb?.toFixed(0) ?? '?'} MB`,
  );
  return {
    photos: large.photos,
    failed: large.failed + smallRun.failed,
    perSecond,
    cpuMsPerPhoto,
    startupSeconds,
    wholeSeconds: large.seconds,
    peakRssMb: large.peakRssMb,
    small: smallRun,
    large,
  };
}
