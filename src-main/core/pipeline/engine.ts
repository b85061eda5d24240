import type { IndexSummary } from '../../contract/library.js';
import type { TemplateMode } from '../../contract/models.js';
import type { Catalog } from '../catalog/catalog.js';
import type { LoadedModel } from '../model/open-model.js';
import type { TextRoute } from '../model/query-language.js';
import type { TextTowers } from '../model/text-towers.js';
import type { EmbedQueue } from './embed-queue.js';
import type { Indexer } from './indexer.js';
import type { ProgressTracker } from './progress.js';

/** A file the transports may stream: always resolved by the core from an id, never from a path given by a page. */
export interface ServedFile {
  path: string;
  mime: string;
}

/** screen: a long edge sharp on a 4K screen; full: every pixel of the photo, for the viewer's 1:1 zoom. */
export type RenditionSize = 'screen' | 'full';

/**
 * The running parts of a library with a model (catalogue, queue, indexer, watcher, text towers),
 * as the services above see them. Declared here, below search, albums, import and the runtime that
 * use it, so that none of them imports the runtime that makes it (`runtime/engine.ts`).
 */
export interface Engine {
  readonly catalog: Catalog;
  readonly model: LoadedModel;
  readonly progress: ProgressTracker;
  readonly queue: EmbedQueue;
  readonly indexer: Indexer;
  /** The text towers: CLIP's and the multilingual add-on, chosen per text (see [Note: query language routing]). */
  readonly towers: TextTowers;
  /** A text's vector through the tower its language (or `route`) picks; cached per tower. */
  embedText(text: string, route?: TextRoute): Promise<Float32Array>;
  /** A label's zero-shot direction: the prompt-template ensemble of its language, embedded once per tower. */
  promptVector(label: string, mode?: TemplateMode): Promise<Float32Array>;
  /** Scans the given roots (all the library's roots without any). */
  scan(only?: readonly string[]): Promise<IndexSummary>;
  /** Indexes the given files of the library's roots without walking the roots (an import's copies). */
  indexFiles(files: readonly string[]): Promise<IndexSummary>;
  startWatching(): Promise<void>;
  rootAdded(root: string): void;
  rootRemoved(root: string): Promise<void>;
  thumbnailFile(id: string): Promise<ServedFile>;
  originalFile(id: string, size?: RenditionSize): Promise<ServedFile>;
  /** A path is served only while it (after resolving links) lies inside a library root ([Note: links in roots]). */
  checkedPath(filePath: string): Promise<string>;
  close(): Promise<void>;
}
