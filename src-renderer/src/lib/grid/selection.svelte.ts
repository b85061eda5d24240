import { getContext, setContext } from 'svelte';
import { SvelteSet } from 'svelte/reactivity';

/** What a grid can select from: ids by index, loaded on demand (the library and albums are paged). */
export interface SelectableItems {
  readonly count: number;
  get(index: number): { id: string } | undefined;
  ensure?(index: number): Promise<{ id: string } | undefined>;
}

/**
 * The photos picked in the grid on screen: ctrl/cmd-click toggles one, shift-click takes the range
 * from the last one picked, Ctrl/Cmd+A takes all, Esc lets go. One selection for the app: a grid that
 * goes (another view) lets go of it, so a bulk action never reaches photos no longer in sight.
 */
export class Selection {
  readonly ids = new SvelteSet<string>();
  /** the index the next shift-click ranges from */
  anchor: number | null = null;

  get size(): number {
    return this.ids.size;
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  toggle(index: number, id: string): void {
    if (this.ids.has(id)) this.ids.delete(id);
    else this.ids.add(id);
    this.anchor = index;
  }

  async range(index: number, items: SelectableItems): Promise<void> {
    const from = this.anchor ?? index;
    const [start, end] = from <= index ? [from, index] : [index, from];
    await this.#take(start, end, items);
    this.anchor = index;
  }

  /** Every item of the grid, loading the pages not seen yet. */
  async all(items: SelectableItems): Promise<void> {
    await this.#take(0, items.count - 1, items);
  }

  add(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id);
  }

  clear(): void {
    this.ids.clear();
    this.anchor = null;
  }

  /** Drops ids that are gone (trashed, out of an album). */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.ids.delete(id);
  }

  async #take(start: number, end: number, items: SelectableItems): Promise<void> {
    const picked: string[] = [];
    const waiting: Promise<void>[] = [];
    for (let i = start; i <= end; i += 1) {
      const item = items.get(i);
      if (item) picked.push(item.id);
      else if (items.ensure) waiting.push(items.ensure(i).then((loaded) => { if (loaded) picked.push(loaded.id); }));
    }
    await Promise.all(waiting);
    for (const id of picked) this.ids.add(id);
  }
}

const selectionKey = Symbol('selection');

export function provideSelection(selection: Selection): void {
  setContext(selectionKey, selection);
}

/** The app's selection; undefined where a grid is mounted on its own (a component test, the viewer's strips). */
export function useSelection(): Selection | undefined {
  return getContext<Selection | undefined>(selectionKey);
}
