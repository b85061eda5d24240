import type { AlbumPreview, AlbumsApi } from '$contract/albums.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';

export const PREVIEW_DEBOUNCE_MS = 300;
const HISTOGRAM_BINS = 40;

export interface AlbumDescription {
  prompts: string[];
  negativePrompts: string[];
}

/** Lines of a textarea as prompts: trimmed, blank lines dropped. */
export function promptLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** How many photos are at or above `threshold`, read from the bins (the last one counts whole). */
export function countAtOrAbove(preview: AlbumPreview, threshold: number): number {
  let count = 0;
  for (const bin of preview.bins) {
    if (bin.from >= threshold) count += bin.count;
    else if (bin.to > threshold) count += Math.round((bin.count * (bin.to - threshold)) / (bin.to - bin.from));
  }
  return count;
}

/**
 * The live preview of an album being written: the score distribution of its prompts over the
 * library (for the histogram under the threshold slider) and the best matches, one call per
 * pause in typing; only the answer for what is written now is kept.
 */
export class AlbumPreviewManager {
  preview = $state.raw<AlbumPreview | null>(null);
  pending = $state(false);

  readonly #api: Pick<AlbumsApi, 'previewAlbum'>;
  readonly #errors: ErrorHandler;
  readonly #debounceMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;
  #key = '';

  constructor(api: Pick<AlbumsApi, 'previewAlbum'>, errors: ErrorHandler, debounceMs = PREVIEW_DEBOUNCE_MS) {
    this.#api = api;
    this.#errors = errors;
    this.#debounceMs = debounceMs;
  }

  /** Called whenever the description changes; an unchanged description asks nothing. */
  describe(description: AlbumDescription): void {
    const key = JSON.stringify(description);
    if (key === this.#key) return;
    this.#key = key;
    clearTimeout(this.#timer);
    if (description.prompts.length === 0) {
      this.#request += 1;
      this.preview = null;
      this.pending = false;
      return;
    }
    this.pending = true;
    this.#timer = setTimeout(() => void this.#run(description), this.#debounceMs);
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#request += 1;
  }

  async #run(description: AlbumDescription): Promise<void> {
    const request = ++this.#request;
    const preview = await this.#errors.attempt(() => this.#api.previewAlbum({ ...description, bins: HISTOGRAM_BINS }));
    if (request !== this.#request) return;
    this.pending = false;
    if (preview) this.preview = preview;
  }
}
