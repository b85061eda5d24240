import type { PhotoApi } from '$contract/api.js';
import type { PhotoSummary } from '$contract/library.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { PagedPhotos, type PhotoPage } from '../library/paged-photos.svelte.js';

/** The person's favourites, newest first, paged like the library. */
export class FavouritesManager extends PagedPhotos<PhotoSummary> {
  readonly #api: Pick<PhotoApi, 'markedPhotos'>;

  constructor(api: Pick<PhotoApi, 'markedPhotos'>, errors: ErrorHandler) {
    super(errors);
    this.#api = api;
  }

  protected fetchPage(offset: number, limit: number): Promise<PhotoPage<PhotoSummary>> {
    return this.#api.markedPhotos({ favourite: true, offset, limit });
  }
}
