import type { PhotoApi } from '$contract/api.js';
import type { LibraryRoot } from '$contract/library.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';

/** The library folders, shared by first run and settings. */
export class RootsManager {
  roots = $state.raw<LibraryRoot[]>([]);

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;

  constructor(api: PhotoApi, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  async load(): Promise<void> {
    const roots = await this.#errors.attempt(() => this.#api.listRoots({}));
    if (roots) this.roots = roots;
  }

  /** True when the folder was added; a refusal (missing, overlapping) goes to the error handler. */
  async add(path: string): Promise<boolean> {
    const root = await this.#errors.attempt(() => this.#api.addRoot({ path: path.trim() }), 'roots');
    if (!root) return false;
    this.roots = [...this.roots.filter((r) => r.path !== root.path), root];
    return true;
  }

  async remove(path: string): Promise<void> {
    const removed = await this.#errors.attempt(async () => {
      await this.#api.removeRoot({ path });
      return true;
    });
    if (removed) this.roots = this.roots.filter((r) => r.path !== path);
  }
}
