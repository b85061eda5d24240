import { SvelteMap } from 'svelte/reactivity';
import type { AlbumsApi, ZeroShotResult } from '$contract/albums.js';
import type { SearchApi, SearchHit } from '$contract/search.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';

/**
 * [Note: photo memberships]
 * The viewer shows, per album, whether the photo is in it and whether the person said so: the
 * zero-shot entries carry `member` and `label` as the core knows them; a correction made while
 * the viewer is open is kept in `labels` until the next load.
 */
export type AlbumFit = ZeroShotResult['albums'][number];

const SIMILAR_SHOWN = 12;

/** The open photo's album scores, tags, similar photos and corrections; answers for a photo no longer shown are dropped. */
export class PhotoExtras {
  photoId = $state<string | null>(null);
  fits = $state.raw<AlbumFit[]>([]);
  tags = $state.raw<string[]>([]);
  similar = $state.raw<SearchHit[]>([]);
  loading = $state(false);
  /** `${photoId}:${albumId}` → the correction made in this session */
  readonly labels = new SvelteMap<string, 1 | -1 | null>();

  readonly #api: AlbumsApi & Pick<SearchApi, 'similarPhotos'>;
  readonly #errors: ErrorHandler;
  #request = 0;

  constructor(api: AlbumsApi & Pick<SearchApi, 'similarPhotos'>, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  /** scored: false for a photo the model has no vector for (a failed one): it has tags but no scores. */
  async load(photoId: string, scored: boolean): Promise<void> {
    const request = ++this.#request;
    this.photoId = photoId;
    this.fits = [];
    this.tags = [];
    this.similar = [];
    this.loading = true;
    const [zeroShot, tags, similar] = await Promise.all([
      scored ? this.#errors.attempt(() => this.#api.zeroShot({ photoId })) : Promise.resolve(undefined),
      this.#errors.attempt(() => this.#api.listTags({ photoId })),
      scored ? this.#errors.attempt(() => this.#api.similarPhotos({ photoId, limit: SIMILAR_SHOWN })) : Promise.resolve(undefined),
    ]);
    if (request !== this.#request) return;
    this.loading = false;
    this.fits = zeroShot?.albums ?? [];
    this.tags = tags?.map((t) => t.tag) ?? [];
    this.similar = similar?.hits ?? [];
  }

  /** The person's word on this photo and album: from this session, else what the core said. */
  labelOf(fit: AlbumFit): 1 | -1 | null {
    const key = `${this.photoId ?? ''}:${fit.albumId}`;
    return this.labels.has(key) ? (this.labels.get(key) ?? null) : (fit.label ?? null);
  }

  /** include true/false corrects the album, null forgets the correction; the album id is returned when saved. */
  async setMembership(albumId: string, include: boolean | null): Promise<string | undefined> {
    const photoId = this.photoId;
    if (photoId === null) return undefined;
    const change = await this.#errors.attempt(() => this.#api.setAlbumMembership({ albumId, photoId, include }));
    if (!change) return undefined;
    this.labels.set(`${photoId}:${albumId}`, include === null ? null : include ? 1 : -1);
    return change.albumId;
  }

  async addTag(tag: string): Promise<boolean> {
    return this.#editTags(() => this.#api.addTag({ photoId: this.photoId ?? '', tag }));
  }

  async removeTag(tag: string): Promise<boolean> {
    return this.#editTags(() => this.#api.removeTag({ photoId: this.photoId ?? '', tag }));
  }

  async #editTags(edit: () => Promise<{ photoId: string; tags: string[] }>): Promise<boolean> {
    const photoId = this.photoId;
    if (photoId === null) return false;
    const result = await this.#errors.attempt(edit);
    if (!result) return false;
    if (result.photoId === this.photoId) this.tags = result.tags;
    return true;
  }
}
