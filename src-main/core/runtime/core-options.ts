/** What a process asks of the core it opens: `createCore`'s options, read by the runtime below it. */
export interface CoreOptions {
  /** Where the catalogue, thumbnails, models and settings live. */
  libraryDir: string;
  /** A local model folder (Hugging Face layout). Without one, search and indexing answer MODEL_NOT_READY. */
  modelDir?: string;
  /** Watch the roots continuously (the app, `shoebox watch`) instead of one-shot scans. */
  watch?: boolean;
  /** Images per inference batch. */
  batchSize?: number;
  /** Decodes in flight while a batch runs. */
  decodeConcurrency?: number;
  /** onnxruntime intra-op threads. */
  threads?: number;
  provider?: string;
  /** What this process is, for the library lock and the message another process shows: `shoebox serve`. */
  owner?: string;
}
