import type { PhotoApi } from '../../../../src-main/contract/api.js';
import type { FolderCount, TimelineMonth } from '../../../../src-main/contract/library.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { buildFolderTree } from './folder-tree.js';
import { GridLook } from './grid-look.svelte.js';
import { timelineMarks } from './timeline-marks.js';

/** The library's folders and months, for the folder tree and the timeline scrubber beside the grid. */
export class BrowseManager {
  folders = $state.raw<FolderCount[]>([]);
  months = $state.raw<TimelineMonth[]>([]);
  /** the folder the library grid is narrowed to; undefined: every photo */
  folder = $state<string | undefined>(undefined);
  readonly tree = $derived(buildFolderTree(this.folders));
  readonly years = $derived(timelineMarks(this.months));
  readonly look = new GridLook();

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;

  constructor(api: PhotoApi, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  /** Fetches the folders and the months of what the grid shows; again whenever the library changes. */
  async load(): Promise<void> {
    const folder = this.folder;
    const fetched = await this.#errors.attempt(() => Promise.all([this.#api.listFolders({}), this.#api.timeline(folder === undefined ? {} : { folder })]));
    if (!fetched || folder !== this.folder) return;
    [this.folders, this.months] = fetched;
  }
}
