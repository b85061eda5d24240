import { toErrorPayload } from '../../contract/errors.js';
import type { PhotoEventName, PhotoEvents } from '../../contract/events.js';
import type { ModelSwitchEvent } from '../../contract/models.js';
import type { Catalog } from '../catalog/catalog.js';
import type { PhotoKey } from '../catalog/photo-store.js';
import type { Engine } from './engine.js';
import { PhotoEventBus } from '../util/typed-emitter.js';
import type { LoadedModel } from '../model/open-model.js';

/** A model with its vector table and engine: what serves search and indexing for one model. */
export interface Bundle {
  model: LoadedModel;
  catalog: Catalog;
  engine: Engine;
  table: string;
  /** the events of this bundle's engine; see RelayBus */
  bus: RelayBus;
}

export async function closeBundle(bundle: Bundle): Promise<void> {
  await bundle.engine.close();
  await bundle.catalog.close();
  await bundle.model.dispose();
}

/**
 * The event bus of an engine that is filling a table in the background: its events are the switch's
 * business until it serves, then they go to the core's bus like any engine's.
 */
export class RelayBus extends PhotoEventBus {
  private target: PhotoEventBus | null = null;

  constructor(private readonly whileHidden: (name: PhotoEventName, payload: unknown) => void = () => undefined) {
    super();
  }

  static exposed(target: PhotoEventBus): RelayBus {
    const bus = new RelayBus();
    bus.expose(target);
    return bus;
  }

  override emit<K extends PhotoEventName>(name: K, payload: PhotoEvents[K]): void {
    if (this.target) this.target.emit(name, payload);
    else this.whileHidden(name, payload);
  }

  expose(target: PhotoEventBus): void {
    this.target = target;
  }
}

/** A photo the new model must embed: not in its table yet, or changed since it was embedded there. */
function needsEmbedding(source: PhotoKey, target: PhotoKey | undefined): boolean {
  return target?.path !== source.path || target.size !== source.size || target.mtime !== source.mtime;
}

export interface ModelSwitchDeps {
  /** the catalogue whose photos (ids, paths) the new table must hold; usually the serving model's */
  source: Catalog;
  fromId: string | null;
  target: Bundle;
  /** false when the target already serves (its old model could not be loaded): it is then never closed here */
  ownsTarget: boolean;
  bus: PhotoEventBus;
  /** called once the target table is complete; the switch is then over */
  onComplete: (target: Bundle) => Promise<void>;
}

/**
 * [Note: model switch]
 * Fills a model's table with every photo of the serving table, under the same ids (so albums and labels
 * still apply), by pushing the photos straight into the target engine's embedding queue; then scans the
 * roots with the target engine to catch what changed meanwhile. Only a complete table is handed over.
 * The image tower is tried on one blank image first: a model that cannot run must fail the switch, not
 * record every photo of the library as a failure.
 */
export class ModelSwitch {
  private state: ModelSwitchEvent;
  private stopped = false;
  /** set while the complete table is being handed over; too late to cancel then */
  private finishing = false;
  private readonly running: Promise<void>;

  constructor(private readonly deps: ModelSwitchDeps) {
    this.state = { from: deps.fromId, to: deps.target.model.modelId, state: 'running', done: 0, total: 0 };
    this.running = this.run();
  }

  get targetId(): string {
    return this.deps.target.model.modelId;
  }

  snapshot(): ModelSwitchEvent {
    return { ...this.state };
  }

  /** Called with the target engine's progress events while it is hidden. */
  progress(done: number, total: number): void {
    if (this.stopped || this.state.state !== 'running') return;
    this.publish({ ...this.state, done, total });
  }

  /** Holds the re-embedding at the next photo (what is decoding or inferring finishes), or lets it go on. */
  setPaused(paused: boolean): void {
    if (paused) this.deps.target.engine.queue.pause();
    else this.deps.target.engine.queue.resume();
  }

  /** Stops the re-embedding; what was written stays, so a later switch to the same model resumes it. */
  async cancel(): Promise<void> {
    if (this.finishing) await this.running;
    if (this.stopped || this.finishing) return;
    this.stopped = true;
    this.deps.target.engine.queue.cancel();
    await this.running;
    if (this.state.state === 'running') {
      this.publish({ ...this.state, state: 'cancelled' });
      if (this.deps.ownsTarget) await closeBundle(this.deps.target);
    }
  }

  /** Resolves when the switch has finished, failed or been cancelled. */
  settled(): Promise<void> {
    return this.running;
  }

  private async run(): Promise<void> {
    const { target, source } = this.deps;
    try {
      await this.tryImageTower();
      const keep = new Set([...source.photos.keys()].map((k) => k.id));
      await target.catalog.photos.remove([...target.catalog.photos.keys()].filter((k) => !keep.has(k.id)).map((k) => k.id));
      for (const key of source.photos.keys()) {
        if (this.isStopped()) return;
        if (!needsEmbedding(key, target.catalog.photos.key(key.id))) continue;
        const { id, path, root, size, mtime, contentHash } = key;
        target.engine.queue.push({ id, path, root, size, mtime, contentHash });
      }
      await target.engine.indexer.settle();
      if (this.isStopped()) return;
      await target.engine.scan();
      if (this.isStopped()) return;
      this.finishing = true;
      await this.deps.onComplete(target);
      const count = target.catalog.photos.count;
      this.publish({ ...this.state, state: 'done', done: count, total: count });
    } catch (error) {
      if (this.stopped && !this.finishing) return;
      this.stopped = true;
      const { code, message } = toErrorPayload(error);
      this.publish({ ...this.state, state: 'failed', error: { code, message } });
      if (this.deps.ownsTarget) await closeBundle(target).catch(() => undefined);
    }
  }

  /** A method, not the field: cancel() sets it while run() awaits. */
  private isStopped(): boolean {
    return this.stopped;
  }

  private async tryImageTower(): Promise<void> {
    const { model } = this.deps.target;
    const { cropHeight, cropWidth } = model.preprocess;
    await model.embedImages(new Float32Array(3 * cropHeight * cropWidth), 1);
  }

  private publish(event: ModelSwitchEvent): void {
    this.state = event;
    this.deps.bus.emit('modelSwitch', { ...event });
  }
}
