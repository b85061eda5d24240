import { workerData } from 'node:worker_threads';
import { Tensor } from 'onnxruntime-node';
import { createSession, type SessionOptions } from './session.js';
import { serveTower } from './tower-thread.js';

/** What the host sends the image tower's thread ([Note: inference in a worker]). */
export interface TowerThreadData {
  modelPath: string;
  sessionOptions: SessionOptions;
  input: string;
  output: string;
}

export type ImageRequest = { id: number; pixels: Float32Array; dims: number[] };

const data = workerData as TowerThreadData;

serveTower<ImageRequest>(async () => {
  const { session, providers } = await createSession(data.modelPath, data.sessionOptions);
  return {
    providers,
    async run(request) {
      const outputs = await session.run({ [data.input]: new Tensor('float32', request.pixels, request.dims) });
      const out = outputs[data.output];
      const values = out instanceof Tensor && out.data instanceof Float32Array ? out.data : new Float32Array(0);
      return { data: values, dims: out instanceof Tensor ? [...out.dims] : [] };
    },
  };
});
