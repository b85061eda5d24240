import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { CACHE_DIR, progress, runChild, secondsSince } from './bench-env.js';
import type { BareCopyResult } from './bare-copy-child.js';
import type { ImportChildResult } from './import-child.js';
import { indexFolders } from './media-bench.js';
import { folderOf, totalBytes } from './photos.js';

export interface ImportFigures {
  files: number;
  bytes: number;
  /** plain `cp -R` of the same folder to the same disk (no fsync), best round */
  cpSeconds: number;
  /** the same cp followed by `sync`, so the bytes are on disk as the import's are: the fair baseline */
  cpSyncSeconds: number;
  /**
   * cp, sync, then one SHA-256 pass over the copy (read back, hashed with the same OpenSSL as the
   * import, compared with the source's sums taken beforehand, not timed): a copy verified by hand,
   * the same work the import adds to cp (one hash pass, one read-back)
   */
  cpVerifiedSeconds: number;
  /** one SHA-256 pass over the same files from the page cache, in this process: what any hash-verified copy pays on top of cp */
  sha256Seconds: number;
  /** `startImport` without a model: plan, copy, fsync, verify, place; best round */
  importSeconds: number;
  /**
   * The import's method without Shoebox around it (bare-copy-child.ts, best round each): the kernel's copy to a
   * temp name, fsync, link into place ("durable"), and the same plus the source read and hashed and the
   * read-back compare ("verified", the import's ceiling on this machine)
   */
  bareDurableSeconds: number;
  bareVerifiedSeconds: number;
  bareVerifiedCpuSeconds: number;
  /** CPU time (user + system, all threads) of cp alone and of the import, least of the rounds: the cost apart from the machine's load */
  cpCpuSeconds: number;
  importCpuSeconds: number;
  /** import throughput / plain cp throughput (the figure, target ≥ 0.8) */
  ratio: number;
  ratioVsCpSync: number;
  ratioVsCpVerified: number;
  /** the one-minute load average at the start of each round (the machine is shared) */
  load: number[];
  rounds: number;
  /** from the start of an import of the photos until they are indexed and a search returns them */
  searchable: ImportChildResult | null;
  /** a photographer's card: the media bench's 24 MP DNGs (55 MB each), cp + sync against the import, best of 3 rounds each */
  rawCard: RawCardFigures;
}

export interface RawCardFigures {
  files: number;
  bytes: number;
  cpSyncSeconds: number;
  importSeconds: number;
  importCpuSeconds: number;
  ratioVsCpSync: number;
}

/** The RAW files of a card: big enough (32–256 MB) to be checked a chunk at a time after the kernel's copy. */
const RAW_CARD_FILES = 16;

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${String(code)}`))));
  });
}

/** Runs a command through bash and returns the CPU time (user + system) its children used, from bash's `times`. */
async function childCpu(command: string, args: readonly string[]): Promise<number> {
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn('bash', ['-c', '"$@" && times', 'bash', command, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`${command} exited with ${String(code)}`))));
  });
  // `times` prints the shell's user and system time, then its children's: "0m0.004s 0m1.150s".
  const children = out.trim().split('\n').at(-1) ?? '';
  return [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return secondsSince(start);
}

/**
 * The import's copy-and-verify against a plain `cp` of the same photos to the same disk, in the
 * same run, alternating, best of `rounds` each (the machine is shared: the least disturbed round is
 * the fairest). The source is read once first, so both read it from the page cache; each copy
 * starts after a `sync`, so neither pays for the other's writes. The baselines: cp alone (its bytes
 * may still be only in memory when it exits), cp then `sync` (on disk, as the import's are: the fair
 * one), and cp, sync and a SHA-256 check of the copy (verified by hand, as the import verifies).
 */
export async function measureImport(photos: readonly string[], model: string | null, warmupDir: string, rounds = 5): Promise<ImportFigures> {
  const source = await folderOf(photos, path.join(CACHE_DIR, `photos-${photos.length}`));
  const runs = path.join(CACHE_DIR, 'import-runs');
  await rm(runs, { recursive: true, force: true });
  await mkdir(runs, { recursive: true });
  const bytes = await totalBytes(photos);
  for (const file of photos) await readFile(file);
  const cp: number[] = [];
  const cpSync: number[] = [];
  const cpVerified: number[] = [];
  const load: number[] = [];
  const sha256 = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');
  const sums = new Map<string, string>();
  for (const file of photos) sums.set(path.basename(file), await sha256(file));
  const checkCopy = async (dir: string): Promise<void> => {
    for (const [name, sum] of sums) if ((await sha256(path.join(dir, name))) !== sum) throw new Error(`cp's copy of ${name} differs from the source`);
  };
  const imports: number[] = [];
  const bareDurable: number[] = [];
  const bareVerified: number[] = [];
  const bareCpus: number[] = [];
  const bare = async (mode: 'durable' | 'verified', dest: string): Promise<BareCopyResult> => {
    await run('sync', []);
    const result = await runChild<BareCopyResult>('bare-copy-child.ts', [mode, source, dest]);
    if (result.files !== photos.length || result.bytes !== bytes) throw new Error(`the bare ${mode} copy copied ${result.files} of ${photos.length} photos, ${result.bytes} of ${bytes} bytes`);
    await rm(dest, { recursive: true, force: true });
    return result;
  };
  const hashing: number[] = [];
  const cpCpus: number[] = [];
  const importCpus: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      load.push(loadavg()[0] ?? 0);
      hashing.push(
        await timed(async () => {
          for (const file of photos) await sha256(file);
        }),
      );
      const cpDest = path.join(runs, `cp-${round}`);
      await run('sync', []);
      let cpCpu = 0;
      const cpSeconds = await timed(async () => (cpCpu = await childCpu('cp', ['-R', source, cpDest])));
      const syncSeconds = await timed(() => run('sync', []));
      const checkSeconds = await timed(() => checkCopy(cpDest));
      cp.push(cpSeconds);
      cpCpus.push(cpCpu);
      cpSync.push(cpSeconds + syncSeconds);
      cpVerified.push(cpSeconds + syncSeconds + checkSeconds);
      await rm(cpDest, { recursive: true, force: true });
      const durable = await bare('durable', path.join(runs, `bare-durable-${round}`));
      const verified = await bare('verified', path.join(runs, `bare-verified-${round}`));
      bareDurable.push(durable.seconds);
      bareVerified.push(verified.seconds);
      bareCpus.push(verified.cpuSeconds);
      await run('sync', []);
      const copied = await runChild<ImportChildResult>('import-child.ts', ['copy', source, path.join(runs, `import-${round}`), path.join(runs, `library-${round}`)]);
      if (copied.files !== photos.length) throw new Error(`the import copied ${copied.files} of ${photos.length} photos`);
      imports.push(copied.seconds);
      importCpus.push(copied.cpuSeconds);
      await rm(path.join(runs, `import-${round}`), { recursive: true, force: true });
      progress(
        `import round ${round + 1} (load ${load[round]?.toFixed(1)}): cp ${cpSeconds.toFixed(2)} s (+ sync ${syncSeconds.toFixed(2)} s, + SHA-256 check of the copy ${checkSeconds.toFixed(2)} s), bare durable ${durable.seconds.toFixed(2)} s, bare verified ${verified.seconds.toFixed(2)} s, import ${copied.seconds.toFixed(2)} s`,
      );
    }
    const rawCard = await measureRawCard(runs, 3);
    const searchable = model === null ? null : await runChild<ImportChildResult>('import-child.ts', ['searchable', source, path.join(runs, 'searchable'), path.join(runs, 'library-searchable'), model, warmupDir]);
    const [bestCp, bestCpSync, bestCpVerified, bestImport] = [Math.min(...cp), Math.min(...cpSync), Math.min(...cpVerified), Math.min(...imports)];
    return {
      cpCpuSeconds: Math.min(...cpCpus), importCpuSeconds: Math.min(...importCpus),
      files: photos.length, bytes, cpSeconds: bestCp, cpSyncSeconds: bestCpSync, cpVerifiedSeconds: bestCpVerified, importSeconds: bestImport,
      bareDurableSeconds: Math.min(...bareDurable), bareVerifiedSeconds: Math.min(...bareVerified), bareVerifiedCpuSeconds: Math.min(...bareCpus),
      sha256Seconds: Math.min(...hashing), ratio: bestCp / bestImport, ratioVsCpSync: bestCpSync / bestImport, ratioVsCpVerified: bestCpVerified / bestImport,
      load, rounds, searchable, rawCard,
    };
  } finally {
    await rm(runs, { recursive: true, force: true });
  }
}

/** The import of a card of RAW files against cp + sync of the same folder, alternating, the source in the page cache. */
async function measureRawCard(runs: string, rounds: number): Promise<RawCardFigures> {
  const { rawDir } = await indexFolders(RAW_CARD_FILES);
  const files = (await readdir(rawDir)).map((name) => path.join(rawDir, name));
  const bytes = await totalBytes(files);
  for (const file of files) await readFile(file);
  const cpSync: number[] = [];
  const imports: ImportChildResult[] = [];
  for (let round = 0; round < rounds; round++) {
    const cpDest = path.join(runs, `raw-cp-${round}`);
    await run('sync', []);
    cpSync.push(await timed(async () => {
      await run('cp', ['-R', rawDir, cpDest]);
      await run('sync', []);
    }));
    await rm(cpDest, { recursive: true, force: true });
    await run('sync', []);
    const copied = await runChild<ImportChildResult>('import-child.ts', ['copy', rawDir, path.join(runs, `raw-import-${round}`), path.join(runs, `raw-library-${round}`)]);
    if (copied.files !== files.length) throw new Error(`the import copied ${copied.files} of ${files.length} RAW files`);
    imports.push(copied);
    await rm(path.join(runs, `raw-import-${round}`), { recursive: true, force: true });
    progress(`RAW card round ${round + 1}: cp + sync ${cpSync[round]?.toFixed(2)} s, import ${copied.seconds.toFixed(2)} s`);
  }
  const best = imports.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const bestCpSync = Math.min(...cpSync);
  return { files: files.length, bytes, cpSyncSeconds: bestCpSync, importSeconds: best.seconds, importCpuSeconds: Math.min(...imports.map((i) => i.cpuSeconds)), ratioVsCpSync: bestCpSync / best.seconds };
}
