import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';

/** Everything the benchmark builds (model, photos, the peer's install) lives here, gitignored and reused. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CACHE_DIR = path.join(REPO_ROOT, '.cache', 'bench');

/** Progress goes to stderr, so `--json` leaves stdout to the one result object. */
export function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** Seconds, to the millisecond. */
export const secondsSince = (start: number): number => (performance.now() - start) / 1000;

/** A throughput and what it cost: CPU time of all the process's threads per item. */
export interface Throughput {
  perSecond: number;
  cpuMsPerItem: number;
}

/** Times `work` over `items` things, by the clock and by CPU time (robust on a shared machine). */
export async function measureThroughput(items: number, work: () => Promise<void>): Promise<Throughput> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  await work();
  const { user, system } = process.cpuUsage(cpu);
  return { perSecond: items / secondsSince(start), cpuMsPerItem: (user + system) / 1000 / items };
}

/** Runs `items` through `work` with at most `concurrency` in flight, in order of the list. */
export async function forEachConcurrent<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  loadAverage: number[];
}

export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const RESULT_MARK = 'BENCH_RESULT ';

/** What a child script calls last: its one result, on a marked stdout line the parent picks out. */
export function reportToParent(result: unknown): void {
  process.stdout.write(`${RESULT_MARK}${JSON.stringify(result)}\n`);
}

/**
 * Runs a benchmark script in a fresh Node process (through tsx, as `npm run bench` runs), so that
 * what it measures (peak memory, a cold start, another copy of onnxruntime) is its own. Its stderr
 * passes through; its marked stdout line is the result.
 */
export function runChild<T>(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(RESULT_MARK));
      if (code !== 0 || line === undefined) {
        reject(new Error(`${script} exited with ${String(code)} and no result; its output:\n${stdout.slice(-2000)}`));
        return;
      }
      resolve(JSON.parse(line.slice(RESULT_MARK.length)) as T);
    });
  });
}

/** Turns a child script's failure into exit code 1 with its message on stderr. */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
