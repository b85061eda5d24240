import { parentPort, threadId, workerData } from 'node:worker_threads';
import { toErrorPayload, type ErrorPayload } from '../../../contract/errors.js';
import { createJob, transferablesOf, type JobResult, type JobSpec, type PhaseProgress } from './vector-job.js';

/** What the host sends a vector work thread ([Note: vector work off the main thread]): batches, then the end of a pass. */
export type VectorRequest = { type: 'batch'; ids: string[]; values: Float32Array; dim: number } | { type: 'end' };

export type VectorReply =
  | { type: 'ready'; threadId: number }
  | { type: 'ack' }
  | { type: 'progress'; progress: PhaseProgress }
  | { type: 'again' }
  | { type: 'result'; result: JobResult }
  | { type: 'error'; error: ErrorPayload };

const port = parentPort;

function main(): void {
  if (port === null) return;
  const job = createJob(workerData as JobSpec, (progress) => port.postMessage({ type: 'progress', progress } satisfies VectorReply));
  port.on('message', (request: VectorRequest) => {
    try {
      if (request.type === 'batch') {
        job.add({ ids: request.ids, values: request.values, dim: request.dim });
        port.postMessage({ type: 'ack' } satisfies VectorReply);
      } else if (job.endPass()) {
        port.postMessage({ type: 'again' } satisfies VectorReply);
      } else {
        const result = job.result();
        port.postMessage({ type: 'result', result } satisfies VectorReply, transferablesOf(result));
      }
    } catch (error) {
      port.postMessage({ type: 'error', error: toErrorPayload(error) } satisfies VectorReply);
    }
  });
  port.postMessage({ type: 'ready', threadId } satisfies VectorReply);
}

main();
