import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { BULK_MAX, type PhotoMarks } from '$contract/marks.js';
import type { PhotoApi } from '$contract/api.js';
import type { ErrorHandler } from './errors/error-handler.svelte.js';

/** Cells ask within this window are fetched together: one request for a screenful of photos. */
const BATCH_MS = 16;

/**
 * The marks (favourite, rating, rotation) of the photos on screen, fetched in batches as cells ask
 * for them and updated in place after a change, so the grid and the viewer repaint without a reload.
 */
export class MarksCache {
  readonly byId = new SvelteMap<string, PhotoMarks>();
  readonly #api: Pick<PhotoApi, 'getMarks' | 'setMarks'>;
  readonly #errors: ErrorHandler;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a queue of ids to fetch, never rendered
  readonly #wanted = new Set<string>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- ids asked for already, never rendered
  readonly #asked = new Set<string>();
  #scheduled = false;

  constructor(api: Pick<PhotoApi, 'getMarks' | 'setMarks'>, errors: ErrorHandler) {
    this.#api = api;
    this.#errors = errors;
  }

  /** The marks of a photo as known now (none until fetched); asks for them once. */
  of(id: string): PhotoMarks | undefined {
    if (!this.#asked.has(id)) {
      this.#asked.add(id);
      this.#wanted.add(id);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setTimeout(() => void this.#fetch(), BATCH_MS);
      }
    }
    return this.byId.get(id);
  }

  /** Marks many photos in one request; resolves with how many changed, undefined when refused. */
  async set(photoIds: readonly string[], change: { favourite?: boolean; rating?: number; rotateBy?: -90 | 90 | 180 }): Promise<number | undefined> {
    const results = await this.#errors.attempt(() => inChunks(photoIds, (ids) => this.#api.setMarks({ photoIds: ids, ...change })));
    if (!results) return undefined;
    for (const marks of results.flatMap((r) => r.marks)) this.byId.set(marks.id, marks);
    return results.reduce((sum, r) => sum + r.changed, 0);
  }

  async #fetch(): Promise<void> {
    this.#scheduled = false;
    const ids = [...this.#wanted];
    this.#wanted.clear();
    const marks = await this.#errors.attempt(() => this.#api.getMarks({ photoIds: ids }));
    for (const m of marks ?? []) if (m.favourite || m.rating > 0 || m.rotation !== 0) this.byId.set(m.id, m);
  }
}

/**
 * A bulk request names at most BULK_MAX photos (the transports' input limit): a bigger selection goes
 * as a few requests, one after the other, each answered before the next.
 */
export async function inChunks<T>(ids: readonly string[], call: (chunk: string[]) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (const chunk of inChunks.split(ids)) results.push(await call(chunk));
  return results;
}
inChunks.split = (ids: readonly string[]): string[][] => {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += BULK_MAX) chunks.push(ids.slice(i, i + BULK_MAX));
  return chunks;
};

const marksKey = Symbol('marks');

export function provideMarks(marks: MarksCache): void {
  setContext(marksKey, marks);
}

/** The app's marks; undefined where a cell is mounted on its own (a component test). */
export function useMarks(): MarksCache | undefined {
  return getContext<MarksCache | undefined>(marksKey);
}
