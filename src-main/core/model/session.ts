import { availableParallelism } from 'node:os';
import { InferenceSession } from 'onnxruntime-node';
import {
  providerCandidates,
  withProviderFallback,
  type ProviderChoice,
  type ProviderResult,
} from './providers.js';

export interface SessionOptions {
  provider?: ProviderChoice;
  /** intra-op threads; default defaultThreadCount() */
  threads?: number;
}

export interface LoadedSession {
  session: InferenceSession;
  providers: ProviderResult;
}

/**
 * About one thread per physical core, which is what onnxruntime itself prefers: x64 machines with
 * four or more logical cores usually have two hardware threads per core, and a second thread on the
 * same core only contends for the same vector units.
 */
export function defaultThreadCount(): number {
  const logical = availableParallelism();
  const physical = process.arch === 'x64' && logical >= 4 ? Math.floor(logical / 2) : logical;
  return Math.max(1, physical);
}

/** An onnxruntime session on the best provider that works, falling back to CPU with the reasons recorded. */
export async function createSession(modelPath: string, options: SessionOptions = {}): Promise<LoadedSession> {
  const threads = Math.max(1, Math.floor(options.threads ?? defaultThreadCount()));
  const candidates = providerCandidates(options.provider ?? 'auto');
  const { value, result } = await withProviderFallback(
    candidates,
    (provider) =>
      InferenceSession.create(modelPath, {
        executionProviders: [provider],
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        // Spinning threads between batches steal the cores that decode the next photos (BENCHMARKS.md).
        extra: { session: { intra_op: { allow_spinning: '0' } } },
      }),
    modelPath,
  );
  return { session: value, providers: result };
}
