import type { PhotoApi } from '$contract/api.js';
import type { PhotoDetail, PhotoSummary } from '$contract/library.js';
import type { ErrorHandler } from '../../lib/errors/error-handler.svelte.js';
import type { PhotoSequence } from './photo-sequence.js';

/** The open photo, its place in the sequence it was opened from, and its details once fetched. */
export class ViewerManager {
  sequence = $state.raw<PhotoSequence | null>(null);
  index = $state(0);
  photo = $state.raw<PhotoSummary | null>(null);
  detail = $state.raw<PhotoDetail | null>(null);
  readonly isOpen = $derived(this.sequence !== null);
  readonly hasPrevious = $derived(this.index > 0);
  readonly hasNext = $derived(this.sequence !== null && this.index < this.sequence.count - 1);

  readonly #api: PhotoApi;
  readonly #errors: ErrorHandler;
  #request = 0;

  constructor(api: PhotoApi, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  open(sequence: PhotoSequence, index: number): Promise<void> {
    this.sequence = sequence;
    return this.#show(index);
  }

  close(): void {
    this.sequence = null;
    this.photo = null;
    this.detail = null;
  }

  next(): Promise<void> {
    return this.hasNext ? this.#show(this.index + 1) : Promise.resolve();
  }

  previous(): Promise<void> {
    return this.hasPrevious ? this.#show(this.index - 1) : Promise.resolve();
  }

  async #show(index: number): Promise<void> {
    const sequence = this.sequence;
    if (!sequence) return;
    // Holding an arrow key fires many steps; only the last one's answers are applied.
    const request = ++this.#request;
    this.index = index;
    this.photo = sequence.get(index) ?? null;
    this.detail = null;
    const photo = this.photo ?? (await sequence.ensure(index));
    if (request !== this.#request || !photo) return;
    this.photo = photo;
    const detail = await this.#errors.attempt(() => this.#api.getPhoto({ id: photo.id }));
    if (request === this.#request && detail) this.detail = detail;
  }
}
