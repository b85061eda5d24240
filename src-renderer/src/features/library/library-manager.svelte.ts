import type { PhotoApi } from '$contract/api.js';
import type { PhotoSummary } from '$contract/library.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { PagedPhotos, type PhotoPage } from './paged-photos.svelte.js';
import { monthGroups } from './photo-pages.js';

/** The whole library, newest first, grouped by month as its pages arrive. */
export class LibraryManager extends PagedPhotos<PhotoSummary> {
  readonly groups = $derived(monthGroups(this.pages, this.total));

  readonly #api: PhotoApi;

  constructor(api: PhotoApi, errors: ErrorHandler) {
    super(errors);
    this.#api = api;
  }

  protected fetchPage(offset: number, limit: number): Promise<PhotoPage<PhotoSummary>> {
    return this.#api.listPhotos({ offset, limit });
  }
}
