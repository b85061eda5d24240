import { parentPort, threadId, workerData } from 'node:worker_threads';
import { Tensor } from 'onnxruntime-node';
import { toErrorPayload } from '../../contract/errors.js';
import { createSession, type SessionOptions } from './session.js';

/** What the host sends the image tower's thread ([Note: inference in a worker]). */
export interface TowerThreadData {
  modelPath: string;
  sessionOptions: SessionOptions;
  input: string;
  output: string;
}

export type TowerRequest = { type: 'run'; id: number; pixels: Float32Array; dims: number[] };

export type TowerReply =
  | { type: 'ready'; providers: import('./providers.js').ProviderResult; threadId: number }
  | { type: 'failed'; error: import('../../contract/errors.js').ErrorPayload }
  | { type: 'result'; id: number; data: Float32Array; dims: number[] }
  | { type: 'error'; id: number; error: import('../../contract/errors.js').ErrorPayload };

const port = parentPort;
const data = workerData as TowerThreadData;

async function main(): Promise<void> {
  if (port === null) return;
  let loaded;
  try {
    loaded = await createSession(data.modelPath, data.sessionOptions);
  } catch (error) {
    port.postMessage({ type: 'failed', error: toErrorPayload(error) } satisfies TowerReply);
    return;
  }
  const { session } = loaded;
  port.on('message', (request: TowerRequest) => {
    void (async () => {
      try {
        const outputs = await session.run({ [data.input]: new Tensor('float32', request.pixels, request.dims) });
        const out = outputs[data.output];
        const values = out instanceof Tensor && out.data instanceof Float32Array ? out.data : new Float32Array(0);
        const dims = out instanceof Tensor ? [...out.dims] : [];
        // the output leaves without a copy when it owns its buffer
        const owned = values.byteOffset === 0 && values.byteLength === values.buffer.byteLength;
        const sent = owned ? values : values.slice();
        port.postMessage({ type: 'result', id: request.id, data: sent, dims } satisfies TowerReply, [sent.buffer as ArrayBuffer]);
      } catch (error) {
        port.postMessage({ type: 'error', id: request.id, error: toErrorPayload(error) } satisfies TowerReply);
      }
    })();
  });
  port.postMessage({ type: 'ready', providers: loaded.providers, threadId } satisfies TowerReply);
}

void main();
