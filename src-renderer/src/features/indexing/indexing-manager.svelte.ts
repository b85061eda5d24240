import type { PhotoApi } from '$contract/api.js';
import type { FailedPhoto, IndexProgress, LibraryStatus } from '$contract/library.js';
import type { PhotoEventSource } from '$contract/events.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { throttle } from '../../lib/throttle.js';

const FAILURES_SHOWN = 500;
/** While photos stream in, the counts are re-read at this pace, and once more after the last one. */
const COUNTS_EVERY_MS = 1000;

/** The library's status and the live indexing progress, fed by `status` once and `indexProgress` after. */
export class IndexingManager {
  status = $state.raw<LibraryStatus | null>(null);
  progress = $state.raw<IndexProgress | null>(null);
  failures = $state.raw<FailedPhoto[] | null>(null);
  busy = $state(false);
  readonly hasRoots = $derived((this.status?.roots.length ?? 0) > 0);

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;

  constructor(api: PhotoApi, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  /**
   * Listens for progress and for each photo indexed, removed or failed; returns the unsubscribe.
   * Progress is sampled (a run of two photos can start and end between two samples), so the
   * counts follow the per-photo events, never only the end of a run they may not see.
   */
  listen(events: PhotoEventSource): () => void {
    const recount = throttle(() => void this.load(), COUNTS_EVERY_MS);
    const offs = [
      events.on('indexProgress', (progress) => {
        const finished = progress.state === 'idle' && this.progress?.state !== 'idle';
        this.progress = progress;
        // The photo counts of the status changed with the run that just ended.
        if (finished) recount();
      }),
      events.on('photoIndexed', recount),
      events.on('photoRemoved', recount),
      events.on('photoFailed', () => {
        this.failures = null;
        recount();
      }),
    ];
    return () => {
      recount.cancel();
      for (const off of offs) off();
    };
  }

  async load(): Promise<LibraryStatus | undefined> {
    const status = await this.#errors.attempt(() => this.#api.status({}));
    if (status) {
      this.status = status;
      this.progress = status.indexing;
    }
    return status;
  }

  async togglePause(): Promise<void> {
    const running = this.progress?.state !== 'paused';
    this.busy = true;
    const progress = await this.#errors.attempt(() =>
      running ? this.#api.pauseIndexing({}) : this.#api.resumeIndexing({}),
    );
    this.busy = false;
    if (progress) this.progress = progress;
  }

  async loadFailures(): Promise<void> {
    const failures = await this.#errors.attempt(() => this.#api.listFailures({ limit: FAILURES_SHOWN }));
    if (failures) this.failures = failures;
  }

  /** Starts a scan of every root; progress arrives as events, so this does not wait for the queue to drain. */
  rescan(): void {
    void this.#errors.attempt(() => this.#api.rescan({})).then(() => this.load());
  }
}
