/** How long each photo stays in a slideshow, in seconds: the choices offered, and the one used first. */
export const SLIDE_SECONDS = [3, 5, 10, 20] as const;
const DEFAULT_SECONDS = 5;
const STORAGE_KEY = 'shoebox.slideshowSeconds';

function storedSeconds(): number {
  try {
    const value = Number(globalThis.localStorage.getItem(STORAGE_KEY));
    return (SLIDE_SECONDS as readonly number[]).includes(value) ? value : DEFAULT_SECONDS;
  } catch {
    return DEFAULT_SECONDS;
  }
}

/**
 * A slideshow over the viewer's sequence: a step every `seconds`, from the last photo on to the first;
 * paused and resumed (Space), stopped (Esc). The interval is remembered on this computer.
 */
export class Slideshow {
  playing = $state(false);
  paused = $state(false);
  seconds = $state(storedSeconds());
  #timer: ReturnType<typeof setTimeout> | null = null;
  readonly #advance: () => Promise<unknown>;

  /** `advance` shows the next photo (the first after the last). */
  constructor(advance: () => Promise<unknown>) {
    this.#advance = advance;
  }

  start(): void {
    this.playing = true;
    this.paused = false;
    this.#schedule();
  }

  stop(): void {
    this.playing = false;
    this.paused = false;
    this.#clear();
  }

  togglePause(): void {
    if (!this.playing) return;
    this.paused = !this.paused;
    if (this.paused) this.#clear();
    else this.#schedule();
  }

  setSeconds(seconds: number): void {
    this.seconds = seconds;
    try {
      globalThis.localStorage.setItem(STORAGE_KEY, String(seconds));
    } catch {
      // private mode: the choice lasts this session
    }
    if (this.playing && !this.paused) this.#schedule();
  }

  #schedule(): void {
    this.#clear();
    this.#timer = setTimeout(() => {
      void this.#advance().finally(() => {
        if (this.playing && !this.paused) this.#schedule();
      });
    }, this.seconds * 1000);
  }

  #clear(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
