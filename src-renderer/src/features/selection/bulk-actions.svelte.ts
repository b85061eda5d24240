import type { PhotoApi } from '$contract/api.js';
import type { TrashReport } from '$contract/trash.js';
import { inChunks } from '../../lib/marks.svelte.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import type { Selection } from '../../lib/grid/selection.svelte.js';
import { t } from '../../lib/i18n/i18n.svelte.js';
import type { MarksCache } from '../../lib/marks.svelte.js';

type BulkApi = Pick<
  PhotoApi,
  'addToAlbum' | 'removeFromAlbum' | 'createManualAlbum' | 'tagPhotos' | 'trashPhotos' | 'undoTrash' | 'showInFolder' | 'exportCopies'
>;

export interface BulkHooks {
  /** after photos entered or left an album (its sidebar count, the album on screen) */
  albumsChanged: (albumId: string) => Promise<void>;
  /** after photos left the library (trash) or came back (undo): the grids reload */
  photosChanged: () => Promise<void>;
  /** after favourites or ratings changed: lists of marked photos reload */
  marksChanged: () => Promise<void>;
}

/** What the bar says after an action: a sentence, and the trash batch it can take back. */
export interface BulkNotice {
  text: string;
  /** the trash batches to put back (a selection over the bulk limit goes as several) */
  undoBatches: string[];
}

function failures(report: { failed: { message: string }[] }): string {
  const first = report.failed[0];
  return first ? ` · ${t('select.failed', { count: report.failed.length, first: first.message })}` : '';
}

/**
 * One action on every selected photo, as one request to the core however many are picked
 * (the bulk contract methods take arrays). `lastMs` is how long the last one took, end to end.
 */
export class BulkActions {
  busy = $state(false);
  notice = $state<BulkNotice | null>(null);
  lastMs = $state(0);

  readonly selection: Selection;
  readonly marks: MarksCache;
  readonly #api: BulkApi;
  readonly #errors: ErrorHandler;
  readonly #hooks: BulkHooks;

  constructor(api: BulkApi, errors: ErrorHandler, selection: Selection, marks: MarksCache, hooks: BulkHooks) {
    this.#api = api;
    this.#errors = errors;
    this.selection = selection;
    this.marks = marks;
    this.#hooks = hooks;
  }

  get ids(): string[] {
    return [...this.selection.ids];
  }

  mark(change: { favourite?: boolean; rating?: number; rotateBy?: -90 | 90 | 180 }): Promise<void> {
    return this.#run(async () => {
      const changed = await this.marks.set(this.ids, change);
      if (changed === undefined) return null;
      if (change.favourite !== undefined) await this.#hooks.marksChanged();
      return t('select.changed', { count: changed });
    });
  }

  addToAlbum(albumId: string, name: string, add = true): Promise<void> {
    return this.#run(async () => {
      const results = await this.#errors.attempt(() =>
        inChunks(this.ids, (photoIds) => (add ? this.#api.addToAlbum({ albumId, photoIds }) : this.#api.removeFromAlbum({ albumId, photoIds }))),
      );
      if (!results) return null;
      await this.#hooks.albumsChanged(albumId);
      if (!add) this.selection.forget(results.flatMap((r) => r.removed));
      return t('select.albumChanged', { name, count: results.reduce((sum, r) => sum + r.changed, 0) });
    });
  }

  newAlbum(name: string): Promise<void> {
    return this.#run(async () => {
      const [first = [], ...rest] = inChunks.split(this.ids);
      const album = await this.#errors.attempt(async () => {
        const made = await this.#api.createManualAlbum({ name, photoIds: first });
        for (const photoIds of rest) await this.#api.addToAlbum({ albumId: made.id, photoIds });
        return made;
      });
      if (!album) return null;
      await this.#hooks.albumsChanged(album.id);
      return t('select.albumCreated', { name: album.name, count: this.ids.length });
    });
  }

  tag(tag: string): Promise<void> {
    return this.#run(async () => {
      const results = await this.#errors.attempt(() => inChunks(this.ids, (photoIds) => this.#api.tagPhotos({ photoIds, tag })));
      const first = results?.[0];
      return results && first ? t('select.tagged', { tag: first.tag, count: results.reduce((sum, r) => sum + r.changed, 0) }) : null;
    });
  }

  /** The selection, or the given photos (the copies a duplicate group does not keep), to the trash. */
  trash(photoIds: readonly string[] = this.ids): Promise<TrashReport | undefined> {
    let report: TrashReport | undefined;
    return this.#run(async () => {
      const reports = await this.#errors.attempt(() => inChunks(photoIds, (ids) => this.#api.trashPhotos({ photoIds: ids })));
      const [first] = reports ?? [];
      if (!reports || !first) return null;
      report = { ...first, trashed: reports.flatMap((r) => r.trashed), failed: reports.flatMap((r) => r.failed) };
      this.selection.forget(report.trashed);
      await this.#hooks.photosChanged();
      const key = report.place === 'system' ? 'select.trashedSystem' : 'select.trashed';
      return { text: t(key, { count: report.trashed.length }) + failures(report), undoBatches: reports.flatMap((r) => r.batchId ?? []) };
    }).then(() => report);
  }

  undoTrash(batchIds: readonly string[]): Promise<void> {
    return this.#run(async () => {
      const reports = await this.#errors.attempt(async () => {
        const done = [];
        for (const batchId of batchIds) done.push(await this.#api.undoTrash({ batchId }));
        return done;
      });
      if (!reports) return null;
      await this.#hooks.photosChanged();
      const report = { restored: reports.reduce((sum, r) => sum + r.restored, 0), failed: reports.flatMap((r) => r.failed) };
      return t('select.restored', { count: report.restored }) + failures(report);
    });
  }

  showInFolder(): Promise<void> {
    const [photoId] = this.ids;
    if (photoId === undefined) return Promise.resolve();
    return this.#run(async () => {
      const shown = await this.#errors.attempt(() => this.#api.showInFolder({ photoId }));
      return shown ? t('select.shown', { folder: shown.folder }) : null;
    });
  }

  exportCopies(folder: string): Promise<void> {
    return this.#run(async () => {
      const reports = await this.#errors.attempt(() => inChunks(this.ids, (photoIds) => this.#api.exportCopies({ photoIds, folder })));
      const [first] = reports ?? [];
      if (!reports || !first) return null;
      const report = { copied: reports.reduce((sum, r) => sum + r.copied, 0), failed: reports.flatMap((r) => r.failed) };
      return t('select.exported', { count: report.copied, folder: first.folder }) + failures(report);
    });
  }

  async #run(work: () => Promise<string | BulkNotice | null>): Promise<void> {
    this.busy = true;
    const started = performance.now();
    try {
      const said = await work();
      if (said !== null) this.notice = typeof said === 'string' ? { text: said, undoBatches: [] } : said;
    } finally {
      this.lastMs = performance.now() - started;
      this.busy = false;
    }
  }
}
