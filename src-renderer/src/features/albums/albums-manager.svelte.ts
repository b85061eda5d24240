import type { Album, AlbumsApi, MirrorMode, MirrorReport, UndoMirrorReport } from '$contract/albums.js';
import { SvelteMap } from 'svelte/reactivity';
import type { PhotoEventSource } from '$contract/events.js';
import { toErrorPayload } from '$contract/errors.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { throttle } from '../../lib/throttle.js';
import { AlbumMembers } from './album-members.svelte.js';
import { AlbumPreviewManager } from './album-preview.svelte.js';

/** Albums change with every photo indexed while importing; the sidebar catches up at this pace. */
const UPDATE_EVERY_MS = 1000;

export interface AlbumDraft {
  name: string;
  prompts: string[];
  negativePrompts: string[];
  threshold: number;
}

/** One order everywhere, on load and after every edit, so the sidebar never reshuffles on a reload. */
function byName(a: Album, b: Album): number {
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/** The person's albums for the sidebar and every view that offers them (viewer, search filters). */
export class AlbumsManager {
  albums = $state.raw<Album[]>([]);
  loaded = $state(false);
  /** bumped when an album's members change in the core, so a view showing it reloads */
  readonly revisions = new SvelteMap<string, number>();

  readonly #api: AlbumsApi;
  readonly #errors: ErrorHandler;
  /**
   * Albums deleted here. Deleting announces its members leaving (`albumUpdated`), and that news
   * must not send the app asking for the album it just deleted ("Not found" after a delete).
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- ids to skip, never rendered
  readonly #deleted = new Set<string>();

  constructor(api: AlbumsApi, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  /** Follows `albumUpdated`; returns the unsubscribe for the owner's teardown. */
  listen(events: PhotoEventSource): () => void {
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a queue of ids to refresh, never rendered
    const changed = new Set<string>();
    const flush = throttle(() => {
      const ids = [...changed];
      changed.clear();
      for (const albumId of ids) {
        if (this.#deleted.has(albumId)) continue;
        this.revisions.set(albumId, (this.revisions.get(albumId) ?? 0) + 1);
        void this.refresh(albumId);
      }
    }, UPDATE_EVERY_MS);
    const off = events.on('albumUpdated', ({ albumId }) => {
      changed.add(albumId);
      flush();
    });
    return () => {
      flush.cancel();
      off();
    };
  }

  /** The live preview of an album being written; one per editor. */
  previewer(debounceMs?: number): AlbumPreviewManager {
    return new AlbumPreviewManager(this.#api, this.#errors, debounceMs);
  }

  /** The members of one album; one per album view. */
  members(albumId: string): AlbumMembers {
    return new AlbumMembers(this.#api, this.#errors, albumId);
  }

  byId(albumId: string | null): Album | undefined {
    return this.albums.find((album) => album.id === albumId);
  }

  async load(): Promise<void> {
    const albums = await this.#errors.attempt(() => this.#api.listAlbums({}));
    if (albums) {
      this.albums = [...albums].sort(byName);
      this.loaded = true;
    }
  }

  /** The new album, or undefined when the core refused it (the handler has said why). */
  async create(draft: AlbumDraft): Promise<Album | undefined> {
    const album = await this.#errors.attempt(() => this.#api.createAlbum(draft));
    if (album) this.#put(album);
    return album;
  }

  async update(albumId: string, draft: AlbumDraft): Promise<Album | undefined> {
    const album = await this.#errors.attempt(() => this.#api.updateAlbum({ albumId, ...draft }));
    if (album) this.#put(album);
    return album;
  }

  async remove(albumId: string): Promise<boolean> {
    this.#deleted.add(albumId);
    const removed = await this.#errors.attempt(async () => {
      await this.#api.deleteAlbum({ albumId });
      return true;
    });
    if (removed) this.#drop(albumId);
    else this.#deleted.delete(albumId);
    return removed === true;
  }

  /** Member counts change with corrections and new photos; the sidebar follows. An album gone meanwhile leaves it quietly. */
  async refresh(albumId: string): Promise<void> {
    if (this.#deleted.has(albumId)) return;
    try {
      this.#put(await this.#api.getAlbum({ albumId }));
    } catch (error) {
      if (toErrorPayload(error).code === 'NOT_FOUND') this.#drop(albumId);
      else this.#errors.report(error);
    }
  }

  #drop(albumId: string): void {
    this.albums = this.albums.filter((album) => album.id !== albumId);
  }

  /** Saves where and how an album mirrors itself (mode null: virtual again); touches no file. */
  async setMirror(albumId: string, mirror: { folder: string; mode: MirrorMode; fileImports?: boolean } | null): Promise<Album | undefined> {
    const album = await this.#errors.attempt(() =>
      this.#api.setAlbumMirror(mirror ? { albumId, ...mirror } : { albumId, mode: 'none' }),
    );
    if (album) this.#put(album);
    return album;
  }

  /** dryRun: the plan only, for the confirmation; otherwise the files are copied, linked or moved. */
  applyMirror(albumId: string, dryRun: boolean): Promise<MirrorReport | undefined> {
    return this.#errors.attempt(() => this.#api.applyAlbumMirror({ albumId, dryRun }));
  }

  /** The plan for a folder and mode not saved yet: nothing is saved, nothing touched. */
  previewMirror(albumId: string, folder: string, mode: MirrorMode): Promise<MirrorReport | undefined> {
    return this.#errors.attempt(() => this.#api.applyAlbumMirror({ albumId, dryRun: true, folder, mode }));
  }

  /** Stops the albums' scoring pass under way (a new or edited album, a model switch): it is done again at the next look. */
  async cancelScoring(): Promise<void> {
    await this.#errors.attempt(() => this.#api.cancelWork({ job: 'albums' }));
  }

  /** Stops a running mirror between two files: its report comes back with `cancelled`, what was done stays. */
  async cancelMirror(albumId: string): Promise<void> {
    await this.#errors.attempt(() => this.#api.cancelAlbumMirror({ albumId }));
  }

  undoMirror(albumId: string): Promise<UndoMirrorReport | undefined> {
    return this.#errors.attempt(() => this.#api.undoMirror({ albumId }));
  }

  #put(album: Album): void {
    const others = this.albums.filter((a) => a.id !== album.id);
    this.albums = [...others, album].sort(byName);
  }
}
