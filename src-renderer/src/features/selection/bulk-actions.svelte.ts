import type { PhotoApi } from '../../../../src-main/contract/api.js';
import type { TrashReport } from '../../../../src-main/contract/trash.js';
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
  undoBatch: string | null;
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
      const photoIds = this.ids;
      const result = await this.#errors.attempt(() => (add ? this.#api.addToAlbum({ albumId, photoIds }) : this.#api.removeFromAlbum({ albumId, photoIds })));
      if (!result) return null;
      await this.#hooks.albumsChanged(albumId);
      if (!add) this.selection.forget(result.removed);
      return t('select.albumChanged', { name, count: result.changed });
    });
  }

  newAlbum(name: string): Promise<void> {
    return this.#run(async () => {
      const album = await this.#errors.attempt(() => this.#api.createManualAlbum({ name, photoIds: this.ids }));
      if (!album) return null;
      await this.#hooks.albumsChanged(album.id);
      return t('select.albumCreated', { name: album.name, count: album.memberCount });
    });
  }

  tag(tag: string): Promise<void> {
    return this.#run(async () => {
      const result = await this.#errors.attempt(() => this.#api.tagPhotos({ photoIds: this.ids, tag }));
      return result ? t('select.tagged', { tag: result.tag, count: result.changed }) : null;
    });
  }

  /** The selection, or the given photos (the copies a duplicate group does not keep), to the trash. */
  trash(photoIds: readonly string[] = this.ids): Promise<TrashReport | undefined> {
    let report: TrashReport | undefined;
    return this.#run(async () => {
      report = await this.#errors.attempt(() => this.#api.trashPhotos({ photoIds: [...photoIds] }));
      if (!report) return null;
      this.selection.forget(report.trashed);
      await this.#hooks.photosChanged();
      const key = report.place === 'system' ? 'select.trashedSystem' : 'select.trashed';
      return { text: t(key, { count: report.trashed.length }) + failures(report), undoBatch: report.batchId };
    }).then(() => report);
  }

  undoTrash(batchId: string): Promise<void> {
    return this.#run(async () => {
      const report = await this.#errors.attempt(() => this.#api.undoTrash({ batchId }));
      if (!report) return null;
      await this.#hooks.photosChanged();
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
      const report = await this.#errors.attempt(() => this.#api.exportCopies({ photoIds: this.ids, folder }));
      return report ? t('select.exported', { count: report.copied, folder: report.folder }) + failures(report) : null;
    });
  }

  async #run(work: () => Promise<string | BulkNotice | null>): Promise<void> {
    this.busy = true;
    const started = performance.now();
    try {
      const said = await work();
      if (said !== null) this.notice = typeof said === 'string' ? { text: said, undoBatch: null } : said;
    } finally {
      this.lastMs = performance.now() - started;
      this.busy = false;
    }
  }
}
