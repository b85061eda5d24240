import type { AlbumsApi, DuplicateReport } from '$contract/albums.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';

export const DEFAULT_NEAR_THRESHOLD = 0.95;

/** Exact and near duplicates, found on request: the scan reads every vector, so it is never automatic. */
export class DuplicatesManager {
  report = $state.raw<DuplicateReport | null>(null);
  pending = $state(false);
  nearThreshold = $state(DEFAULT_NEAR_THRESHOLD);

  readonly #api: Pick<AlbumsApi, 'findDuplicates' | 'cancelWork'>;
  readonly #errors: ErrorHandler;

  constructor(api: Pick<AlbumsApi, 'findDuplicates' | 'cancelWork'>, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  async find(): Promise<void> {
    this.pending = true;
    const nearThreshold = this.nearThreshold;
    const report = await this.#errors.attempt(() => this.#api.findDuplicates({ nearThreshold }));
    this.pending = false;
    if (report) this.report = report;
  }

  /** Stops the scan under way (it runs in the engine's worker thread); the last report stays. */
  async cancel(): Promise<void> {
    await this.#errors.attempt(() => this.#api.cancelWork({ job: 'duplicates' }));
  }
}
