import { parentPort, threadId } from 'node:worker_threads';
import { toErrorPayload, type ErrorPayload } from '../../contract/errors.js';
import type { ProviderResult } from './providers.js';

/** A tower's output as it came back: values and their dims. */
export interface TowerOutput {
  data: Float32Array;
  dims: readonly number[];
}

/** What a tower's thread answers its host ([Note: inference in a worker]). */
export type TowerReply =
  | { type: 'ready'; providers: ProviderResult; threadId: number }
  | { type: 'failed'; error: ErrorPayload }
  | { type: 'result'; id: number; data: Float32Array; dims: number[] }
  | { type: 'error'; id: number; error: ErrorPayload };

/** A loaded tower inside its thread: where it runs, and one run per request. */
export interface ThreadTower<Request> {
  providers: ProviderResult;
  run(request: Request): Promise<TowerOutput>;
}

/**
 * The thread's side of a tower worker: loads the tower, says `ready` (or `failed` with the coded error), then
 * answers each request `{ id, ... }` with its output, transferred when it owns its buffer, or the error it threw.
 */
export function serveTower<Request extends { id: number }>(load: () => Promise<ThreadTower<Request>>): void {
  const port = parentPort;
  if (port === null) return;
  void (async () => {
    let tower: ThreadTower<Request>;
    try {
      tower = await load();
    } catch (error) {
      port.postMessage({ type: 'failed', error: toErrorPayload(error) } satisfies TowerReply);
      return;
    }
    port.on('message', (request: Request) => {
      void (async () => {
        try {
          const { data, dims } = await tower.run(request);
          // the output leaves without a copy when it owns its buffer
          const owned = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
          const sent = owned ? data : data.slice();
          port.postMessage({ type: 'result', id: request.id, data: sent, dims: [...dims] } satisfies TowerReply, [sent.buffer as ArrayBuffer]);
        } catch (error) {
          port.postMessage({ type: 'error', id: request.id, error: toErrorPayload(error) } satisfies TowerReply);
        }
      })();
    });
    port.postMessage({ type: 'ready', providers: tower.providers, threadId } satisfies TowerReply);
  })();
}
