/** What a process asks of the core it opens: `createCore`'s options, read by the runtime below it. */
export interface CoreOptions {
  /** Where the catalogue, thumbnails, models and settings live. */
  libraryDir: string;
  /** A local model folder (Hugging Face layout). Without one, search and indexing answer MODEL_NOT_READY. */
  modelDir?: string;
  /** Watch the roots continuously (the app, `shoebox watch`) instead of one-shot scans. */
  watch?: boolean;
  /**
   * This process will search soon after it opens (the app, `npm run serve`, `shoebox search`): LanceDB reads the
   * ANN index while the catalogue's keys load ([Note: the index read at open]). Not for a process that only
   * indexes or lists: it would read an index it never uses.
   */
  searchSoon?: boolean;
  /** Images per inference batch. */
  batchSize?: number;
  /** Decodes in flight while a batch runs; default from the machine ([Note: thread plan]). */
  decodeConcurrency?: number;
  /** onnxruntime intra-op threads; default the library's `threads` setting, else from the machine. */
  threads?: number;
  /** libvips threads inside one decode; default from the machine. */
  vipsThreads?: number;
  /** Run the image tower in a worker thread (default true); false keeps it on the main thread ([Note: inference in a worker]). */
  imageWorker?: boolean;
  /**
   * Passes over every vector (duplicates, scoring albums) of at least this many photos run in a worker thread
   * (default 2000; 0: always, as tests of the worker ask) ([Note: vector work off the main thread]).
   */
  vectorWorkerFrom?: number;
  provider?: string;
  /** What this process is, for the library lock and the message another process shows: `shoebox serve`. */
  owner?: string;
  /** opens a folder in the file manager (`showInFolder`); the OS's opener when absent */
  openFolder?: (folder: string) => Promise<boolean>;
  /**
   * Test-only timings, never set by the app. `writeStableMs`: how long a file must keep its size before watching
   * indexes it (1500 ms). `fileActionPauseMs`: a pause between the steps of every file action, read at each step, so
   * a test can act or kill mid-action (none). `importSettleMs`: a file modified this recently may still be being
   * written and waits for the next import (2000 ms). `volumePollMs`, `importFolderPollMs`: how often a watching
   * core looks for camera volumes (3000 ms) and into the import folders (5000 ms). `sidecarPauseMs`: a pause before
   * each XMP sidecar's rename in a keyword export (none). `laterHashMs`: how long indexing must have been idle after
   * a scan before the full hashes it left for later are computed ([Note: full hash later]; 2000 ms). `indexMinRows`: see below. The CLI takes them from SHOEBOX_WRITE_STABLE_MS,
   * SHOEBOX_TEST_SLOW_FILE_ACTIONS_MS, SHOEBOX_IMPORT_SETTLE_MS, SHOEBOX_TEST_SLOW_SIDECARS_MS and SHOEBOX_TEST_INDEX_MIN_ROWS (cli/open-core.ts)
   * for tests that run it; the core never reads the environment for them.
   */
  timings?: {
    writeStableMs?: number;
    fileActionPauseMs?: () => number;
    importSettleMs?: number;
    volumePollMs?: number;
    importFolderPollMs?: number;
    sidecarPauseMs?: number;
    laterHashMs?: number;
    /** the fewest photos for which search builds its ANN index (10,000: `INDEX_MIN_ROWS`) */
    indexMinRows?: number;
  };
}
