import type { PhotoApi } from '$contract/api.js';
import type { PhotoEventSource } from '$contract/events.js';
import type { ImportPlan, ImportProgress, ImportRecord, ImportSettings, ImportVolume, UndoImportReport } from '$contract/imports.js';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';

/** How many thumbnails are read at once: the first ones show while the rest are still coming. */
const THUMB_CONCURRENCY = 4;

/**
 * The import screen's state: the cards the core sees (for the banner), the plan for the chosen
 * source with the person's selection, the running import's progress, its summary and the history.
 */
export class ImportManager {
  volumes = $state.raw<ImportVolume[]>([]);
  /** the volume the banner offers, with what it holds (null until planned) */
  offer = $state.raw<{ volume: ImportVolume; plan: ImportPlan | null } | null>(null);
  readonly dismissed = new SvelteSet<string>();
  source = $state('');
  settings = $state.raw<ImportSettings | null>(null);
  destination = $state('');
  pattern = $state('');
  plan = $state.raw<ImportPlan | null>(null);
  /** source paths the person left selected */
  readonly selected = new SvelteSet<string>();
  /** source path → a small JPEG data URL, filled in as each is read */
  readonly thumbs = new SvelteMap<string, string>();
  planning = $state(false);
  progress = $state.raw<ImportProgress | null>(null);
  result = $state.raw<ImportRecord | null>(null);
  undone = $state.raw<UndoImportReport | null>(null);
  history = $state.raw<ImportRecord[]>([]);
  folders = $state.raw<string[]>([]);

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;
  #thumbRun = 0;

  constructor(api: PhotoApi, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  get running(): boolean {
    return this.progress !== null && this.progress.phase !== 'finished';
  }

  listen(events: PhotoEventSource): () => void {
    const offs = [
      events.on('importVolumes', ({ volumes }) => void this.#volumesChanged(volumes)),
      events.on('importProgress', (progress) => (this.progress = progress)),
      events.on('importFinished', () => {
        void this.loadHistory();
        // What the card still holds changed: the banner counts again.
        this.offer = null;
        void this.#volumesChanged(this.volumes);
      }),
    ];
    void this.#errors.attempt(() => this.#api.listImportVolumes({})).then((volumes) => volumes && this.#volumesChanged(volumes));
    return () => {
      for (const off of offs) off();
    };
  }

  async #volumesChanged(volumes: ImportVolume[]): Promise<void> {
    this.volumes = volumes;
    const volume = volumes.find((v) => !this.dismissed.has(v.path));
    if (!volume) {
      this.offer = null;
      return;
    }
    if (this.offer?.volume.path === volume.path) return;
    this.offer = { volume, plan: null };
    const plan = await this.#errors.attempt(() => this.#api.planImport({ sources: [volume.path] }));
    if (plan && this.offer.volume.path === volume.path) this.offer = { volume, plan };
  }

  dismiss(path: string): void {
    this.dismissed.add(path);
    void this.#volumesChanged(this.volumes);
  }

  async loadSettings(): Promise<void> {
    const settings = await this.#errors.attempt(() => this.#api.getImportSettings({}));
    if (!settings) return;
    this.settings = settings;
    if (this.destination === '') this.destination = settings.folder;
    if (this.pattern === '') this.pattern = settings.pattern;
  }

  async saveSettings(): Promise<void> {
    const settings = await this.#errors.attempt(() => this.#api.setImportSettings({ folder: this.destination.trim(), pattern: this.pattern.trim() }));
    if (settings) this.settings = settings;
  }

  /** Looks at the source: what is new, then the thumbnails, a few at a time, as they are read. */
  async look(source = this.source): Promise<void> {
    this.source = source;
    this.result = null;
    this.undone = null;
    this.planning = true;
    try {
      const plan = await this.#errors.attempt(() => this.#api.planImport(this.#target()));
      this.plan = plan ?? null;
      this.selectAll(true);
      this.thumbs.clear();
    } finally {
      this.planning = false;
    }
    if (this.plan) void this.#loadThumbs(this.plan);
  }

  #target(): { sources: string[]; to?: string; pattern?: string } {
    const to = this.destination.trim();
    const pattern = this.pattern.trim();
    return { sources: [this.source.trim()], ...(to === '' ? {} : { to }), ...(pattern === '' ? {} : { pattern }) };
  }

  async #loadThumbs(plan: ImportPlan): Promise<void> {
    const run = ++this.#thumbRun;
    const queue = plan.candidates.filter((c) => c.kind === 'photo').map((c) => c.path);
    const worker = async (): Promise<void> => {
      for (let file = queue.shift(); file !== undefined && run === this.#thumbRun; file = queue.shift()) {
        const thumb = await this.#api.importThumbnail({ path: file }).catch(() => null);
        if (thumb && run === this.#thumbRun) this.thumbs.set(thumb.path, thumb.dataUrl);
      }
    };
    await Promise.all(Array.from({ length: THUMB_CONCURRENCY }, worker));
  }

  toggle(path: string): void {
    if (!this.selected.delete(path)) this.selected.add(path);
  }

  selectAll(all: boolean): void {
    this.selected.clear();
    if (all) for (const c of this.plan?.candidates ?? []) this.selected.add(c.path);
  }

  async start(eraseSource: boolean): Promise<void> {
    if (!this.plan) return;
    this.progress = { importId: '', phase: 'planning', done: 0, failed: 0, total: this.selected.size, bytesDone: 0, bytesTotal: 0, rate: 0, etaSeconds: null, paused: false, current: null };
    const record = await this.#errors.attempt(() => this.#api.startImport({ ...this.#target(), only: [...this.selected], eraseSource }));
    this.progress = null;
    if (!record) return;
    this.result = record;
    this.plan = null;
    void this.loadHistory();
  }

  async pause(paused: boolean): Promise<void> {
    const progress = await this.#errors.attempt(() => this.#api.pauseImport({ paused }));
    if (progress) this.progress = progress;
  }

  async cancel(): Promise<void> {
    await this.#errors.attempt(() => this.#api.cancelImport({}));
  }

  async undo(importId: string): Promise<UndoImportReport | undefined> {
    const report = await this.#errors.attempt(() => this.#api.undoImport({ importId }));
    if (report && this.result?.id === importId) this.undone = report;
    await this.loadHistory();
    return report;
  }

  async loadHistory(): Promise<void> {
    const history = await this.#errors.attempt(() => this.#api.listImports({}));
    if (history) this.history = history;
  }

  async loadFolders(): Promise<void> {
    const folders = await this.#errors.attempt(() => this.#api.listImportFolders({}));
    if (folders) this.folders = folders;
  }

  async addFolder(path: string): Promise<boolean> {
    const folders = await this.#errors.attempt(() => this.#api.addImportFolder({ path: path.trim() }));
    if (folders) this.folders = folders;
    return folders !== undefined;
  }

  async removeFolder(path: string): Promise<void> {
    const folders = await this.#errors.attempt(() => this.#api.removeImportFolder({ path }));
    if (folders) this.folders = folders;
  }
}
