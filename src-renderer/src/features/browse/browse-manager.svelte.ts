import type { PhotoApi } from '$contract/api.js';
import type { CameraCount, FolderCount, TimelineMonth, UnreadableFiles } from '$contract/library.js';
import type { SearchFilters } from '$contract/search.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import { buildFolderTree, folderOptions } from './folder-tree.js';
import { GridLook } from './grid-look.svelte.js';
import { timelineMarks } from './timeline-marks.js';

/** The library's folders and months, for the folder tree and the timeline scrubber beside the grid. */
export class BrowseManager {
  folders = $state.raw<FolderCount[]>([]);
  /** the library's cameras, for the camera filter; fetched when the filters open */
  cameras = $state.raw<CameraCount[]>([]);
  months = $state.raw<TimelineMonth[]>([]);
  /** the files of the roots Shoebox does not read yet; null until asked */
  unreadable = $state.raw<UnreadableFiles | null>(null);
  #unreadableAt = 0;
  readonly tree = $derived(buildFolderTree(this.folders));
  readonly folderOptions = $derived(folderOptions(this.tree));
  readonly years = $derived(timelineMarks(this.months));
  readonly look = new GridLook();

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;
  readonly #filters: () => SearchFilters;
  #request = 0;

  /** `filters`: the filters in use (a search's, the folder tree's), which the timeline follows. */
  constructor(api: PhotoApi, errors: ErrorHandler, filters: () => SearchFilters = () => ({})) {
    this.#api = api;
    this.#errors = errors;
    this.#filters = filters;
  }

  /** Walks the roots for files Shoebox does not read yet: at most every `minMs`, a walk costs what a scan does. */
  async loadUnreadable(minMs = 0): Promise<void> {
    if (Date.now() - this.#unreadableAt < minMs) return;
    this.#unreadableAt = Date.now();
    const unreadable = await this.#errors.attempt(() => this.#api.listUnreadable({}));
    if (unreadable) this.unreadable = unreadable;
  }

  async loadCameras(): Promise<void> {
    const cameras = await this.#errors.attempt(() => this.#api.listCameras({}));
    if (cameras) this.cameras = cameras;
  }

  /** Fetches the folders and the months of what the grid shows; again whenever the library changes. */
  async load(): Promise<void> {
    const filters = this.#filters();
    const request = ++this.#request;
    const fetched = await this.#errors.attempt(() => Promise.all([this.#api.listFolders({}), this.#api.timeline(Object.keys(filters).length === 0 ? {} : { filters })]));
    // only the last request's answer is kept: the filters may have changed meanwhile
    if (!fetched || request !== this.#request) return;
    [this.folders, this.months] = fetched;
  }
}
