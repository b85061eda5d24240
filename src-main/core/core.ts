import type { PhotoApi } from '../contract/api.js';
import type { PhotoEventSource } from '../contract/events.js';
import type { OwnerEndpoint } from './library-lock.js';

/** A file the transports may stream: always resolved by the core from an id, never from a path given by a page. */
export interface ServedFile {
  path: string;
  mime: string;
}

/**
 * The engine as every adapter sees it: the PhotoApi, its events, and the two byte routes
 * (thumbnails and originals) that travel by protocol instead of IPC.
 */
export interface Core extends PhotoApi, PhotoEventSource {
  /** The cached thumbnail of a photo (made on demand); NOT_FOUND for an unknown id. */
  thumbnailFile(id: string): Promise<ServedFile>;
  /** The original file of a photo, checked to lie inside a library root; FORBIDDEN otherwise. */
  originalFile(id: string): Promise<ServedFile>;
  /** Writes where this process serves the API into the library lock, so CLI commands work through it. */
  announce(endpoint: OwnerEndpoint | null): Promise<void>;
  /** Stops watching, drains writes, closes the catalogue, gives up the library lock. Safe to call twice. */
  close(): Promise<void>;
}

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
  /** opens a folder in the file manager (`showInFolder`); the OS's opener when absent */
  openFolder?: (folder: string) => Promise<boolean>;
}
