import type { PhotoApi } from '../../../../src-main/contract/api.js';
import type { PhotoSummary } from '../../../../src-main/contract/library.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { PagedPhotos, type PhotoPage } from './paged-photos.svelte.js';
import { monthGroups } from './photo-pages.js';

/** The whole library, newest first, grouped by month as its pages arrive. */
export class LibraryManager extends PagedPhotos<PhotoSummary> {
  readonly groups = $derived(monthGroups(this.pages, this.total));
  /** the folder the grid is narrowed to (the folder tree's choice); undefined: every photo */
  folder = $state<string | undefined>(undefined);

  readonly #api: PhotoApi;

  constructor(api: PhotoApi, errors: ErrorHandler) {
    super(errors);
    this.#api = api;
  }

  protected fetchPage(offset: number, limit: number): Promise<PhotoPage<PhotoSummary>> {
    const folder = this.folder;
    return this.#api.listPhotos(folder === undefined ? { offset, limit } : { offset, limit, folder });
  }

  /** Narrows the grid to a folder (any depth), or shows every photo again. */
  async showFolder(folder: string | undefined): Promise<void> {
    this.folder = folder;
    this.pages.clear();
    await this.refresh();
  }
}
