import { toErrorPayload } from '../../contract/errors.js';
import type { ModelDownloadEvent } from '../../contract/models.js';
import type { PhotoEventBus } from '../util/typed-emitter.js';
import { getVariant, variantSize, type RegistryEntry } from './model-registry.js';
import { downloadModel } from './download/download-model.js';

interface Running {
  controller: AbortController;
  last: ModelDownloadEvent;
  finished: Promise<void>;
}

/**
 * The downloads a core runs in the background, one per model: started by `downloadModel`, followed
 * through `modelDownload` events (every state change and throttled progress), stopped by cancel or close.
 * An interrupted download leaves its staging folder, which the next start of the same model resumes.
 */
export class ModelDownloads {
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly modelsDir: string,
    private readonly bus: PhotoEventBus,
  ) {}

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  /** Starts the download (or returns the one already running) and answers with its first state. */
  start(entry: RegistryEntry, variantName?: string): ModelDownloadEvent {
    const existing = this.running.get(entry.id);
    if (existing) return existing.last;
    const variant = getVariant(entry, variantName);
    const controller = new AbortController();
    const first: ModelDownloadEvent = {
      id: entry.id,
      bytesDone: 0,
      bytesTotal: variantSize(entry, variant),
      ratePerSec: 0,
      etaSeconds: null,
      file: '',
      state: 'running',
    };
    const running: Running = { controller, last: first, finished: Promise.resolve() };
    this.running.set(entry.id, running);
    this.publish(running, first);
    running.finished = downloadModel(entry, {
      modelsDir: this.modelsDir,
      variant: variant.name,
      signal: controller.signal,
      onProgress: (p) => {
        const { bytesDone, bytesTotal, ratePerSec, etaSeconds, file } = p;
        this.publish(running, { id: entry.id, bytesDone, bytesTotal, ratePerSec, etaSeconds, file, state: 'running' });
      },
    })
      .then((result) => {
        const size = result.manifest.files.reduce((sum, f) => sum + f.size, 0);
        const done = { ...running.last, bytesDone: size, bytesTotal: size, etaSeconds: 0, state: 'done' as const };
        this.publish(running, { ...done, notices: result.notices });
      })
      .catch((error: unknown) => {
        const { code, message } = toErrorPayload(error);
        const state = code === 'CANCELLED' ? 'cancelled' : 'failed';
        this.publish(running, { ...running.last, state, etaSeconds: null, error: { code, message } });
      })
      .finally(() => this.running.delete(entry.id));
    return first;
  }

  cancel(id: string): boolean {
    const running = this.running.get(id);
    running?.controller.abort();
    return running !== undefined;
  }

  /** Resolves when the model's download (if any) has ended. */
  async settled(id: string): Promise<void> {
    await this.running.get(id)?.finished;
  }

  async close(): Promise<void> {
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort();
    await Promise.allSettled(all.map((r) => r.finished));
  }

  private publish(running: Running, event: ModelDownloadEvent): void {
    running.last = event;
    this.bus.emit('modelDownload', event);
  }
}
