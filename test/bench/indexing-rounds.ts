import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { VitB32Folders } from '../fixtures/onnx/vit-b32-model.js';
import { progress, type Throughput } from './bench-env.js';
import { measureCliIndex, type CliIndexResult } from './cli-index.js';
import { measureDecode, measureModel, PIPELINE_DEFAULTS, preprocessSpecOf } from './index-bench.js';
import type { PeerChildResult } from './peer-child.js';
import { measurePeer } from './peer.js';
import type { BenchResults } from './report.js';

export type IndexingFigures = Pick<BenchResults, 'model' | 'decode' | 'e2e' | 'peer'>;

interface Round {
  decode: Throughput;
  fp32: Throughput;
  int8: Throughput;
  e2eFp32: CliIndexResult;
  e2eInt8: CliIndexResult;
  peer: PeerChildResult;
}

/** The best of the rounds: on a shared machine the fastest run is the one least disturbed by others. */
function best<T>(rounds: readonly Round[], pick: (round: Round) => T, rate: (value: T) => number): T {
  const values = rounds.map(pick);
  return values.reduce((a, b) => (rate(b) > rate(a) ? b : a));
}

async function oneRound(models: VitB32Folders, photos: string[], warmupPhoto: string): Promise<Round> {
  const spec = await preprocessSpecOf(models.fp32);
  const decoded = await measureDecode(photos, spec, PIPELINE_DEFAULTS.decodeConcurrency);
  const fp32 = await measureModel(models.fp32, decoded.tensors, PIPELINE_DEFAULTS.batchSize, 'fp32');
  const int8 = await measureModel(models.int8, decoded.tensors, PIPELINE_DEFAULTS.batchSize, 'int8');
  const e2eFp32 = await measureCliIndex(models.fp32, photos, 'fp32');
  const e2eInt8 = await measureCliIndex(models.int8, photos, 'int8');
  const peer = await measurePeer(models.fp32, warmupPhoto, photos);
  return { decode: { perSecond: decoded.perSecond, cpuMsPerItem: decoded.cpuMsPerItem }, fp32, int8, e2eFp32, e2eInt8, peer };
}

/**
 * L, D, E (fp32 and int8, through `shoebox index` in a new process) and the peer, all on the same photos and
 * measured side by side in each round, so that each ratio compares figures taken under the same load; each
 * figure is the best of its rounds.
 */
export async function measureIndexing(models: VitB32Folders, photos: string[], warmupDir: string, options: { rounds: number }): Promise<IndexingFigures> {
  const warmupPhoto = path.join(warmupDir, ((await readdir(warmupDir)).filter((f) => f.endsWith('.jpg')).sort()[0] ?? 'missing.jpg'));
  const rounds: Round[] = [];
  for (let i = 0; i < options.rounds; i++) {
    if (options.rounds > 1) progress(`indexing round ${i + 1} of ${options.rounds}`);
    rounds.push(await oneRound(models, photos, warmupPhoto));
  }
  const byRate = (t: { perSecond: number }): number => t.perSecond;
  return {
    decode: best(rounds, (r) => r.decode, byRate),
    model: { fp32: best(rounds, (r) => r.fp32, byRate), int8: best(rounds, (r) => r.int8, byRate) },
    e2e: { fp32: best(rounds, (r) => r.e2eFp32, byRate), int8: best(rounds, (r) => r.e2eInt8, byRate) },
    peer: best(rounds, (r) => r.peer, byRate),
  };
}
