import type { IndexProgress } from '../../contract/library.js';
import type { ModelSwitchEvent } from '../../contract/models.js';
import { openCatalog } from '../catalog/catalog.js';
import { VectorTables, type ServingRecord } from '../catalog/vector-tables.js';
import type { CoreOptions } from './core-options.js';
import { createEngine, type Engine } from './engine.js';
import type { LibraryPaths } from '../library/library-paths.js';
import type { SettingsStore } from '../library/settings.js';
import type { PhotoEventBus } from '../util/typed-emitter.js';
import { closeBundle, ModelSwitch, RelayBus, type Bundle } from './model-switch.js';
import type { LoadedModel } from '../model/open-model.js';
import { loadModelAt, resolveModelDir } from './active-model.js';

export interface RuntimeDeps {
  options: CoreOptions;
  paths: LibraryPaths;
  settings: SettingsStore;
  bus: PhotoEventBus;
}

const recordOf = (bundle: Bundle): ServingRecord => ({ id: bundle.model.modelId, dir: bundle.model.dir, table: bundle.table });

/**
 * The model side of a library while it is open: the bundle (model, table, engine) that serves, and
 * the switch to another model running in the background (see [Note: model switch] and [Note: one
 * vector table per model]). The serving engine is replaced only when the new table is complete; the
 * old one is closed once the calls that were using it have finished.
 */
export class LibraryRuntime {
  private serving: Bundle | null = null;
  private switching: ModelSwitch | null = null;
  private readonly calls = new Set<Promise<unknown>>();
  private readonly retiring = new Set<Promise<void>>();
  private chain: Promise<unknown> = Promise.resolve();
  /** pauseIndexing holds every engine's queue: the serving one's and a switch's re-embedding */
  private indexingPaused = false;

  private constructor(private readonly deps: RuntimeDeps) {}

  /**
   * Opens on the model of `--model DIR` (its failure is the caller's error) or of the settings (a broken
   * one is reported in `problem`, so the library still opens and another model can be chosen).
   */
  static async open(deps: RuntimeDeps): Promise<LibraryRuntime> {
    const runtime = new LibraryRuntime(deps);
    const dir = await resolveModelDir(deps.options, deps.settings, deps.paths);
    if (dir === null) return runtime;
    try {
      await runtime.activate(await loadModelAt(dir, deps.options, deps.settings));
    } catch (error) {
      if (deps.options.modelDir !== undefined) throw error;
      runtime.problem = `The library's model in ${dir} cannot be used: ${error instanceof Error ? error.message : String(error)}`;
      console.error(`shoebox: ${runtime.problem}`);
    }
    return runtime;
  }

  /** Why the chosen model is not running, when it failed to load at open. */
  problem: string | null = null;

  get engine(): Engine | null {
    return this.serving?.engine ?? null;
  }

  get model(): LoadedModel | null {
    return this.serving?.model ?? null;
  }

  switchState(): ModelSwitchEvent | null {
    return this.switching?.snapshot() ?? null;
  }

  /** Models that must not be removed: the serving one and the one being switched to. */
  modelsInUse(): string[] {
    return [this.serving?.model.modelId, this.switching?.targetId].filter((id): id is string => id !== undefined);
  }

  /** Lets a replaced engine wait for the API calls that may still be using it. */
  track<T>(call: Promise<T>): Promise<T> {
    this.calls.add(call);
    const forget = (): void => {
      this.calls.delete(call);
    };
    call.then(forget, forget);
    return call;
  }

  /** Makes `target` the library's model. Serialised, so two quick choices apply in order. */
  use(target: LoadedModel): Promise<void> {
    this.problem = null;
    return this.serial(async () => {
      if (this.switching?.targetId === target.modelId) {
        await target.dispose();
        return;
      }
      await this.stopSwitch();
      await this.activate(target);
    });
  }

  /**
   * Pauses (or resumes) indexing everywhere it runs: the serving engine's queue and the re-embedding of a
   * model switch; an engine opened while paused (a switch started later, the model it hands over to) starts paused.
   */
  setIndexingPaused(paused: boolean): void {
    this.indexingPaused = paused;
    const queue = this.serving?.engine.queue;
    if (paused) queue?.pause();
    else queue?.resume();
    this.switching?.setPaused(paused);
  }

  /** Resolves when the running switch (if any) is over. */
  async switchSettled(): Promise<void> {
    await this.switching?.settled();
  }

  /** Stops a switch and closes the serving engine now (its queue is cancelled, as on quitting). */
  async close(): Promise<void> {
    await this.serial(async () => {
      await this.stopSwitch();
      const serving = this.serving;
      this.serving = null;
      if (serving) await closeBundle(serving);
    });
    await Promise.allSettled([...this.retiring]);
  }

  private serial(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async activate(target: LoadedModel): Promise<void> {
    const now = this.serving?.model;
    if (now?.modelId === target.modelId && now.providerChoice === target.providerChoice && now.threads === target.threads) {
      await target.dispose();
      return;
    }
    const tables = await VectorTables.open(this.deps.paths.catalog);
    try {
      const record = await tables.serving();
      // The same model with another provider or thread count serves the same, complete table at once.
      if (record === null || record.id === target.modelId) {
        const bundle = await this.openBundle(target, tables, RelayBus.exposed(this.deps.bus));
        await tables.setServing(recordOf(bundle));
        await this.replaceServing(bundle);
        return;
      }
      const current = this.serving ?? (await this.openRecorded(record, tables));
      if (current) await this.startSwitch(current, target, tables);
      else await this.switchInPlace(record, target, tables);
    } finally {
      tables.close();
    }
  }

  private async openBundle(model: LoadedModel, tables: VectorTables, bus: RelayBus): Promise<Bundle> {
    const { options, paths, settings } = this.deps;
    try {
      const table = await tables.tableFor(model.modelId, model.embeddingSize);
      const catalog = await openCatalog(paths.catalog, model.embeddingSize, table, { warmIndex: options.searchSoon === true });
      const engine = createEngine({ options, paths, settings, catalog, model, bus });
      if (this.indexingPaused) engine.queue.pause();
      return { model, catalog, engine, table, bus };
    } catch (error) {
      await model.dispose();
      throw error;
    }
  }

  /** The model that serves the library's vectors, loaded from the folder it was recorded with. */
  private async openRecorded(record: ServingRecord, tables: VectorTables): Promise<Bundle | null> {
    if (record.dir === '') return null;
    try {
      const model = await loadModelAt(record.dir, this.deps.options, this.deps.settings);
      if (model.modelId !== record.id) {
        await model.dispose();
        return null;
      }
      const bundle = await this.openBundle(model, tables, RelayBus.exposed(this.deps.bus));
      await this.replaceServing(bundle);
      return bundle;
    } catch (error) {
      console.error(`shoebox: the library's model ${record.id} cannot be loaded from ${record.dir}: ${String(error)}`);
      return null;
    }
  }

  /** The usual switch: the target fills its table behind the scenes while `current` serves. */
  private async startSwitch(current: Bundle, target: LoadedModel, tables: VectorTables): Promise<void> {
    let running: ModelSwitch | null = null;
    const bus = new RelayBus((name, payload) => {
      if (name !== 'indexProgress') return;
      const p = payload as IndexProgress;
      running?.progress(p.done + p.failed, p.total);
    });
    const bundle = await this.openBundle(target, tables, bus);
    running = new ModelSwitch({
      source: current.catalog,
      fromId: current.model.modelId,
      target: bundle,
      ownsTarget: true,
      bus: this.deps.bus,
      onComplete: (done) => this.completeSwitch(done),
    });
    this.switching = running;
  }

  /**
   * The old model cannot be loaded (its folder is gone), so nothing could answer from the old vectors:
   * the new model serves at once and its table is filled in place, keeping the photos' ids.
   */
  private async switchInPlace(record: ServingRecord, target: LoadedModel, tables: VectorTables): Promise<void> {
    const bundle = await this.openBundle(target, tables, RelayBus.exposed(this.deps.bus));
    await tables.setServing(recordOf(bundle));
    await this.replaceServing(bundle);
    const dimension = await tables.dimension(record.table);
    if (dimension === null) return;
    const source = await openCatalog(this.deps.paths.catalog, dimension, record.table);
    const running = new ModelSwitch({
      source,
      fromId: record.id,
      target: bundle,
      ownsTarget: false,
      bus: this.deps.bus,
      onComplete: () => Promise.resolve(),
    });
    this.switching = running;
    void running.settled().finally(async () => {
      if (this.switching === running) this.switching = null;
      await source.close();
    });
  }

  private async completeSwitch(bundle: Bundle): Promise<void> {
    const tables = await VectorTables.open(this.deps.paths.catalog);
    try {
      await tables.setServing(recordOf(bundle));
    } finally {
      tables.close();
    }
    bundle.bus.expose(this.deps.bus);
    this.switching = null;
    await this.replaceServing(bundle);
  }

  private async replaceServing(bundle: Bundle): Promise<void> {
    const old = this.serving;
    this.serving = bundle;
    if (old) this.retire(old);
    if (this.deps.options.watch === true) await bundle.engine.startWatching();
  }

  /** Closes a bundle after the calls in flight now; in the background, since one of them may be the caller. */
  private retire(bundle: Bundle): void {
    const pending = [...this.calls];
    const done = Promise.allSettled(pending)
      .then(() => closeBundle(bundle))
      .catch((error: unknown) => console.error(`shoebox: closing model ${bundle.model.modelId} failed: ${String(error)}`))
      .finally(() => this.retiring.delete(done));
    this.retiring.add(done);
  }

  private async stopSwitch(): Promise<void> {
    const running = this.switching;
    this.switching = null;
    await running?.cancel();
  }
}
