import { AppError } from '../../contract/errors.js';
import type { PhotoEvents } from '../../contract/events.js';
import type { AlbumTables } from '../catalog/album-tables.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import type { ZeroShotScoring } from '../model/scoring.js';
import { fromRow, promptsKey, toRow, type AlbumRecord, type StoredProbe } from './album-record.js';
import { AlbumState, type Decision } from './album-state.js';
import { fitProbe, PROBE, type LibraryStats } from './probe.js';
import { embedAlbumPrompts, promptScore, type EmbedPrompt } from './prompt-scorer.js';
import { vectorsOf } from './vector-scan.js';
import { scanAlbums, type ScanPart } from './album-scan.js';
import type { VectorWork } from './vector-work/vector-worker.js';
import { WorkProgress } from './vector-work/work-progress.js';
import type { BackgroundWorkProgress } from '../../contract/albums.js';

/** What serves vectors now: the photos table of the model in use, and its text side. */
export interface ServingVectors {
  photos: PhotoStore;
  modelId: string;
  /** a prompt's unit text vector, through the engine's cache (template ensemble where the engine has one) */
  embed: EmbedPrompt;
  /** how the model turns cosines into zero-shot probabilities */
  scoring: ZeroShotScoring;
}

export interface AlbumIndexDeps {
  tables: AlbumTables;
  /** throws MODEL_NOT_READY without a model */
  serving: () => ServingVectors;
  emit: (update: PhotoEvents['albumUpdated']) => void;
  /** where passes over every vector run ([Note: vector work off the main thread]) */
  work: VectorWork;
  progress: (progress: BackgroundWorkProgress) => void;
}

export interface MembershipDiff {
  added: string[];
  removed: string[];
}

/**
 * Every album's scores, kept in memory and refreshed by scans of the vectors (see
 * vector-scan.ts): all albums at the first use and after a model switch, one album when it is
 * created, edited or corrected, and only the new photos when photos arrive. Each change of
 * membership is announced as an `albumUpdated` event. Work runs one task at a time.
 */
export class AlbumIndex {
  private readonly states = new Map<string, AlbumState>();
  private readonly memberCache = new Map<string, Set<string>>();
  private stats: LibraryStats | null = null;
  private loadedFor: string | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  /** the running passes over every vector, cancelled by `cancel` */
  private readonly passes = new Set<AbortController>();

  constructor(private readonly deps: AlbumIndexDeps) {}

  private closed = false;

  /**
   * Cancels the running passes: their tasks reject with CANCELLED and every album is scored again at the next
   * use; `forGood` (the library closes) refuses new passes too.
   */
  cancel(forGood = false): boolean {
    this.closed ||= forGood;
    for (const pass of this.passes) pass.abort();
    return this.passes.size > 0;
  }

  private get photos(): PhotoStore {
    return this.deps.serving().photos;
  }

  private get modelId(): string {
    return this.deps.serving().modelId;
  }

  private get embed(): EmbedPrompt {
    return this.deps.serving().embed;
  }

  /** Runs `task` once every album is scored with the current model, after earlier tasks. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const next = this.chain.then(async () => {
      try {
        if (this.loadedFor !== this.modelId) await this.loadAll();
        return await task();
      } catch (error) {
        // a cancelled pass leaves some album half scored: all are scored again next time
        if ((error as { code?: unknown }).code === 'CANCELLED') this.loadedFor = null;
        throw error;
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when the queued album work is done. */
  async idle(): Promise<void> {
    await this.chain;
  }

  state(albumId: string): AlbumState {
    const state = this.states.get(albumId);
    if (!state) throw new AppError('NOT_FOUND', `No album with id ${albumId}. List albums with: shoebox album list`);
    return state;
  }

  /** photo id → decision, for every photo the album has an opinion on. */
  decisions(albumId: string): Map<string, Decision> {
    const state = this.state(albumId);
    const labels = this.deps.tables.labels.labels('album', albumId);
    const out = new Map<string, Decision>();
    for (const id of new Set([...state.scores.keys(), ...labels.keys()])) {
      const key = this.photos.key(id);
      const decision = key ? state.decide(id, key, labels.get(id) ?? 0) : null;
      if (decision) out.set(id, decision);
    }
    return out;
  }

  /** The album's members: the same as `decisions` says, without building a decision per photo. */
  members(albumId: string): Set<string> {
    const state = this.state(albumId);
    const labels = this.deps.tables.labels.labels('album', albumId);
    const photos = this.photos;
    const members = new Set<string>();
    for (const [id, value] of labels) if (value > 0 && photos.key(id)) members.add(id);
    for (const id of state.scores.keys()) {
      if ((labels.get(id) ?? 0) !== 0) continue;
      const key = photos.key(id);
      if (key && state.memberUnlabelled(id, key)) members.add(id);
    }
    return members;
  }

  /** Scores a new or edited album over the library; refits its probe when it is stale. */
  async install(record: AlbumRecord): Promise<MembershipDiff> {
    const state = await this.prepare(record);
    await this.scan([state]);
    this.states.set(record.id, state);
    await this.refitStale(state, record);
    return this.commit(record.id);
  }

  remove(albumId: string): void {
    this.states.delete(albumId);
    this.memberCache.delete(albumId);
  }

  /** After a correction: refit (or drop) the probe and re-derive membership. */
  async relabel(albumId: string): Promise<MembershipDiff> {
    const state = this.state(albumId);
    const probe = await this.fit(state);
    if (probe !== null || state.record.probe !== null) await this.saveProbe(state, probe);
    return this.commit(albumId);
  }

  async photosIndexed(ids: readonly string[]): Promise<void> {
    const batch = await vectorsOf(this.photos, this.modelId, ids);
    if (batch.ids.length === 0) return;
    for (const state of this.states.values()) {
      state.scoreBatch(batch);
      this.commit(state.record.id, batch.ids);
    }
  }

  photosRemoved(ids: readonly string[]): void {
    for (const state of this.states.values()) {
      for (const id of ids) state.forget(id);
      this.commit(state.record.id, ids);
    }
  }

  /** Prompt scores of a candidate album for every photo (no album is saved). */
  async scoreCandidate(record: AlbumRecord): Promise<AlbumState> {
    const state = new AlbumState(record, await embedAlbumPrompts(record, this.embed));
    await this.scan([state]);
    return state;
  }

  private async loadAll(): Promise<void> {
    const modelId = this.modelId;
    this.states.clear();
    this.memberCache.clear();
    const records = this.deps.tables.albums.list().map(fromRow);
    const states: AlbumState[] = [];
    for (const record of records) states.push(await this.prepare(record));
    if (states.length > 0) await this.scan(states);
    states.forEach((s) => this.states.set(s.record.id, s));
    this.loadedFor = modelId;
    for (const [i, s] of states.entries()) await this.refitStale(s, records[i] ?? s.record);
    for (const s of states) this.commit(s.record.id, undefined, false);
  }

  /** A state for the record, without its probe when that was fitted for another model, threshold or prompts. */
  private async prepare(record: AlbumRecord): Promise<AlbumState> {
    const probe = record.probe;
    const usable = probe === null || !this.isStale(probe, record) ? record : { ...record, probe: null };
    return new AlbumState(usable, await embedAlbumPrompts(record, this.embed));
  }

  private isStale(probe: StoredProbe, record: AlbumRecord): boolean {
    return (
      probe.modelId !== this.modelId ||
      probe.threshold !== record.threshold ||
      probe.promptsKey !== promptsKey(record) ||
      probe.weights.length !== this.photos.dimension
    );
  }

  /** Fits the probe again (from the labels, which hold ids, not vectors) where `prepare` dropped it. */
  private async refitStale(state: AlbumState, original: AlbumRecord): Promise<void> {
    if (state.record.probe !== null) return;
    const probe = await this.fit(state);
    if (probe !== null || original.probe !== null) await this.saveProbe(state, probe);
  }

  /** Fits the probe of [Note: album probe] on the album's corrections; null with too few of them. */
  private async fit(state: AlbumState): Promise<StoredProbe | null> {
    if (state.vectors.prompts.length === 0) return null;
    const labels = this.deps.tables.labels.labels('album', state.record.id);
    const batch = await vectorsOf(this.photos, this.modelId, [...labels.keys()]);
    const spread = state.spread;
    const samples = batch.ids.map((id, row) => ({
      row,
      z: (promptScore(state.vectors, batch.values, row) - state.record.threshold) / spread,
      positive: (labels.get(id) ?? 0) > 0,
    }));
    const positives = samples.filter((s) => s.positive).length;
    const negatives = samples.length - positives;
    if (positives < PROBE.minEach || negatives < PROBE.minEach || this.stats === null) return null;
    const fit = fitProbe(batch, samples, this.stats);
    return {
      modelId: this.modelId,
      weights: Array.from(fit.weights),
      bias: fit.bias,
      promptWeight: fit.promptWeight,
      spread,
      threshold: state.record.threshold,
      promptsKey: promptsKey(state.record),
      trainedAt: Date.now(),
      positives,
      negatives,
    };
  }

  private async saveProbe(state: AlbumState, probe: StoredProbe | null): Promise<void> {
    const record = { ...state.record, probe };
    await this.deps.tables.albums.put(toRow(record));
    state.record = record;
    state.probeTerms.clear();
    if (probe !== null) await this.pass([state], 'probe');
  }

  /** One pass over every vector: scores the given albums and measures the library's spread. */
  private async scan(states: readonly AlbumState[]): Promise<void> {
    this.stats = (await this.pass(states, 'scores')) ?? this.stats;
  }

  /** A pass over every vector in the vector work's thread, with progress, cancellable. */
  private async pass(states: readonly AlbumState[], part: ScanPart): Promise<LibraryStats | null> {
    const controller = new AbortController();
    if (this.closed) controller.abort();
    this.passes.add(controller);
    const progress = new WorkProgress('albums', this.deps.progress);
    try {
      return await progress.around(() =>
        scanAlbums(this.photos, this.modelId, states, part, this.deps.work, { signal: controller.signal, onProgress: progress.report }),
      );
    } finally {
      this.passes.delete(controller);
    }
  }

  /** Re-derives membership (of `only` these photos, or all) and announces what changed. */
  private commit(albumId: string, only?: readonly string[], announce = true): MembershipDiff {
    const members = this.memberCache.get(albumId) ?? new Set<string>();
    const diff = only === undefined ? this.recomputeAll(albumId, members) : this.recompute(albumId, only, members);
    if (announce && (diff.added.length > 0 || diff.removed.length > 0)) this.deps.emit({ albumId, ...diff });
    return diff;
  }

  private recomputeAll(albumId: string, previous: Set<string>): MembershipDiff {
    const next = this.members(albumId);
    this.memberCache.set(albumId, next);
    return {
      added: [...next].filter((id) => !previous.has(id)),
      removed: [...previous].filter((id) => !next.has(id)),
    };
  }

  private recompute(albumId: string, ids: readonly string[], members: Set<string>): MembershipDiff {
    const state = this.state(albumId);
    const labels = this.deps.tables.labels.labels('album', albumId);
    const diff: MembershipDiff = { added: [], removed: [] };
    for (const id of ids) {
      const key = this.photos.key(id);
      const now = key ? state.decide(id, key, labels.get(id) ?? 0)?.member === true : false;
      if (now && !members.has(id)) diff.added.push(id);
      if (!now && members.has(id)) diff.removed.push(id);
      if (now) members.add(id);
      else members.delete(id);
    }
    this.memberCache.set(albumId, members);
    return diff;
  }
}
