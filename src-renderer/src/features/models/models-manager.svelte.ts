import { SvelteMap } from 'svelte/reactivity';
import type { PhotoEventSource } from '$contract/events.js';
import type { Diagnosis, ModelDownloadEvent, ModelInfo, ModelsApi, ModelStatus, TextTowerChoice } from '$contract/models.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';

export interface RuntimeChoice {
  provider: string;
  /** null: as many as the machine has cores */
  threads: number | null;
}

/**
 * The models the person can pick, their downloads (followed through `modelDownload` events), the
 * library's choice with its execution provider and threads, and the diagnosis (`shoebox doctor`).
 */
export class ModelsManager {
  models = $state.raw<ModelInfo[]>([]);
  status = $state.raw<ModelStatus | null>(null);
  diagnosis = $state.raw<Diagnosis | null>(null);
  diagnosing = $state(false);
  switching = $state(false);
  readonly downloads = new SvelteMap<string, ModelDownloadEvent>();

  readonly #api: ModelsApi;
  readonly #errors: ErrorHandler;

  constructor(api: ModelsApi, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  listen(events: PhotoEventSource): () => void {
    const offDownload = events.on('modelDownload', (event) => {
      this.downloads.set(event.id, event);
      // A library without a model cannot index anything: the first model downloaded becomes its model.
      if (event.state === 'done') void (this.status?.serving ? this.load() : this.use(event.id));
    });
    const offSwitch = events.on('modelSwitch', (event) => {
      if (this.status) this.status = { ...this.status, switching: event.state === 'running' ? event : null };
      if (event.state !== 'running') void this.load();
    });
    return () => {
      offDownload();
      offSwitch();
    };
  }

  async load(): Promise<void> {
    const loaded = await this.#errors.attempt(() => Promise.all([this.#api.listModels({}), this.#api.modelStatus({})]));
    if (!loaded) return;
    [this.models, this.status] = loaded;
  }

  async download(id: string, variant?: string): Promise<void> {
    const first = await this.#errors.attempt(() => this.#api.downloadModel(variant === undefined ? { id } : { id, variant }));
    if (first) this.downloads.set(id, first);
  }

  async cancel(id: string): Promise<void> {
    await this.#errors.attempt(() => this.#api.cancelModelDownload({ id }));
  }

  /** Chooses an installed model: the library is embedded again in the background while search keeps answering. */
  async use(id: string): Promise<void> {
    await this.#apply(() => this.#api.useModel({ id }));
  }

  /**
   * The model in use, loaded again with another execution provider or thread count: by its id, also
   * when it is no installed model (a folder given with --model), since the page never names a folder.
   */
  async setRuntime(choice: RuntimeChoice): Promise<void> {
    const serving = this.status?.serving;
    if (!serving) return;
    await this.#apply(() => this.#api.useModel({ id: serving.id, provider: choice.provider, threads: choice.threads }));
  }

  /** Which text tower reads searches and prompts: by language, or always one (saved in the library). */
  async setTextTower(tower: TextTowerChoice): Promise<void> {
    await this.#apply(() => this.#api.setTextTower({ tower }));
  }

  async diagnose(seconds: number): Promise<void> {
    this.diagnosing = true;
    const diagnosis = await this.#errors.attempt(() => this.#api.diagnose({ seconds }));
    this.diagnosing = false;
    if (diagnosis) this.diagnosis = diagnosis;
  }

  async #apply(work: () => Promise<ModelStatus>): Promise<void> {
    this.switching = true;
    const status = await this.#errors.attempt(work);
    this.switching = false;
    if (status) {
      this.status = status;
      await this.load();
    }
  }
}
