import type { Album, AlbumPhoto, AlbumsApi } from '$contract/albums.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { PagedPhotos, type PhotoPage } from '../library/paged-photos.svelte.js';

const SUGGESTIONS = 12;

/** What the last correction or undo did, for the notice under the header. */
export interface AlbumChange {
  changed: number;
  probe: boolean;
  undo: boolean;
}

/**
 * One album's members (best first, paged like the library), the photos the model suggests just
 * outside it, and the corrections: a person's include or exclude always wins over the model.
 */
export class AlbumMembers extends PagedPhotos<AlbumPhoto> {
  album = $state.raw<Album | null>(null);
  suggestions = $state.raw<AlbumPhoto[]>([]);
  /** how many photos the last correction moved in or out, for the notice under the header */
  lastChange = $state.raw<AlbumChange | null>(null);
  /** whether the album has a correction to undo (false until the first page says) */
  undoable = $state(false);

  readonly albumId: string;
  readonly #api: AlbumsApi;

  constructor(api: AlbumsApi, errors: ErrorHandler, albumId: string) {
    super(errors);
    this.#api = api;
    this.albumId = albumId;
  }

  protected async fetchPage(offset: number, limit: number): Promise<PhotoPage<AlbumPhoto>> {
    const page = await this.#api.albumPhotos({ albumId: this.albumId, offset, limit, suggestions: SUGGESTIONS });
    this.album = page.album;
    if (offset === 0) {
      this.suggestions = page.suggestions;
      this.undoable = page.undoable;
    }
    return { total: page.total, photos: page.photos };
  }

  /** include: true adds, false excludes, null forgets the correction; then the album is re-read. */
  async correct(photoId: string, include: boolean | null): Promise<boolean> {
    const change = await this.errors.attempt(() =>
      this.#api.setAlbumMembership({ albumId: this.albumId, photoId, include }),
    );
    if (!change) return false;
    this.lastChange = { changed: change.changed, probe: change.probe !== null, undo: false };
    await this.refresh();
    return true;
  }

  async undo(): Promise<void> {
    const result = await this.errors.attempt(() => this.#api.undoLastCorrection({ albumId: this.albumId }));
    if (!result) return;
    this.lastChange = result.undone ? { changed: result.changed, probe: result.probe !== null, undo: true } : null;
    await this.refresh();
  }
}
