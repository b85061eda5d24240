import { fitScale, isZoomed, oneToOne, panBy, scaleBounds, wheelFactor, zoomPercent, zoomTo, type Size, type ZoomState } from './zoom.js';

const STEP = 1.5;

/** The open photo's zoom and pan ([Note: viewer zoom]); the stage reports its size, keys and buttons call the steps. */
export class ZoomView {
  stage = $state<Size>({ width: 0, height: 0 });
  photo = $state<Size>({ width: 0, height: 0 });
  devicePixelRatio = $state(typeof devicePixelRatio === 'number' ? devicePixelRatio : 1);
  /** null: fitted, following the stage's size */
  #state = $state<ZoomState | null>(null);

  readonly fit = $derived(fitScale(this.photo, this.stage));
  readonly current = $derived<ZoomState>(this.#state ?? { scale: this.fit, x: 0, y: 0 });
  readonly zoomed = $derived(isZoomed(this.current.scale, this.fit));
  readonly percent = $derived(zoomPercent(this.current.scale, this.devicePixelRatio));
  readonly atOneToOne = $derived(Math.abs(this.current.scale - oneToOne(this.devicePixelRatio)) < 1e-6);
  readonly #bounds = $derived(scaleBounds(this.fit, this.devicePixelRatio));
  readonly canZoomOut = $derived(this.current.scale > this.#bounds.min * 1.001);

  /** A new photo opens fitted. */
  show(photo: Size): void {
    this.photo = { width: photo.width, height: photo.height };
    this.#state = null;
  }

  fitToStage(): void {
    this.#state = null;
  }

  /** 1:1 around `at` (from the stage's centre), or back to the fit when already there: the double-click. */
  toggleOneToOne(at = { x: 0, y: 0 }): void {
    if (this.#state !== null) this.fitToStage();
    else this.#zoom(oneToOne(this.devicePixelRatio), at);
  }

  oneToOne(): void {
    this.#zoom(oneToOne(this.devicePixelRatio), { x: 0, y: 0 });
  }

  zoomIn(at = { x: 0, y: 0 }): void {
    this.#zoom(this.current.scale * STEP, at);
  }

  zoomOut(at = { x: 0, y: 0 }): void {
    this.#zoom(this.current.scale / STEP, at);
  }

  wheel(deltaY: number, deltaMode: number, at: { x: number; y: number }): void {
    this.#zoom(this.current.scale * wheelFactor(deltaY, deltaMode), at);
  }

  /** Two fingers moved apart by `ratio` around `at`. */
  pinch(ratio: number, at: { x: number; y: number }): void {
    this.#zoom(this.current.scale * ratio, at);
  }

  pan(dx: number, dy: number): void {
    if (this.zoomed) this.#state = panBy(this.current, dx, dy, this.photo, this.stage);
  }

  #zoom(scale: number, at: { x: number; y: number }): void {
    const next = zoomTo(this.current, scale, at, this.photo, this.stage, this.#bounds);
    // at the fit the zoom follows the stage again (a resized window keeps the whole photo)
    this.#state = Math.abs(next.scale - this.fit) > 1e-9 ? next : null;
  }
}
