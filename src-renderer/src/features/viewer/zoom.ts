/**
 * [Note: viewer zoom]
 * The viewer's zoom is a scale (CSS pixels per photo pixel) and a pan (the photo's centre from the stage's
 * centre, in CSS pixels). "Fit" shows the whole photo, a small one no larger than one CSS pixel a photo
 * pixel (as the viewer always showed it); "1:1" puts one photo pixel on one device pixel
 * (1 / devicePixelRatio CSS pixels), as Lightroom and Photos mean it, so on a 2× screen a small photo's
 * 1:1 is smaller than its fit. Zooming keeps the
 * point under the cursor (or between two fingers) still, and the pan is clamped so no gap opens at an edge
 * of a photo larger than the stage. Past the fit the stage lays the photo at every pixel over the
 * screen-sized one: photo://full/<id> or /full/<id> ([Note: core host protocol]), so 1:1 shows the real
 * pixels of a TIFF, HEIC or RAW whose screen rendition is smaller.
 */
export interface Size {
  width: number;
  height: number;
}

export interface ZoomState {
  scale: number;
  x: number;
  y: number;
}

/** The scale at which the photo fits the stage, never larger than one CSS pixel a photo pixel. */
export function fitScale(photo: Size, stage: Size): number {
  if (photo.width <= 0 || photo.height <= 0 || stage.width <= 0 || stage.height <= 0) return 1;
  return Math.min(stage.width / photo.width, stage.height / photo.height, 1);
}

/** CSS pixels per photo pixel at 1:1 (one photo pixel on one device pixel). */
export function oneToOne(devicePixelRatio: number): number {
  return 1 / (devicePixelRatio > 0 ? devicePixelRatio : 1);
}

/** How far the zoom may go: down to the fit (or 1:1 when smaller), up to 8 device pixels per photo pixel. */
export function scaleBounds(fit: number, devicePixelRatio: number): { min: number; max: number } {
  return { min: Math.min(fit, oneToOne(devicePixelRatio)), max: Math.max(fit, 8 * oneToOne(devicePixelRatio)) };
}

/** Keeps the photo over the stage: centred along an axis where it is smaller, no gap at an edge where it is larger. */
export function clampPan(state: ZoomState, photo: Size, stage: Size): ZoomState {
  const limit = (photoSide: number, stageSide: number): number => Math.max(0, (photoSide * state.scale - stageSide) / 2);
  const lx = limit(photo.width, stage.width);
  const ly = limit(photo.height, stage.height);
  return { scale: state.scale, x: clamp(state.x, -lx, lx), y: clamp(state.y, -ly, ly) };
}

/**
 * The zoom at `scale` (clamped to bounds), keeping the point `at` still; `at` is measured from the stage's
 * centre, in CSS pixels (the cursor, the middle of a pinch; the centre for keys and buttons).
 */
export function zoomTo(state: ZoomState, scale: number, at: { x: number; y: number }, photo: Size, stage: Size, bounds: { min: number; max: number }): ZoomState {
  const next = clamp(scale, bounds.min, bounds.max);
  const ratio = next / state.scale;
  const moved = { scale: next, x: at.x - (at.x - state.x) * ratio, y: at.y - (at.y - state.y) * ratio };
  return clampPan(moved, photo, stage);
}

/** Moves the photo by a drag of (dx, dy) CSS pixels, clamped. */
export function panBy(state: ZoomState, dx: number, dy: number, photo: Size, stage: Size): ZoomState {
  return clampPan({ scale: state.scale, x: state.x + dx, y: state.y + dy }, photo, stage);
}

/** The zoom factor of one wheel event: a notch (100 px) zooms by about 1.2×; up zooms in. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 800 : deltaY;
  return Math.exp(-clamp(pixels, -300, 300) * 0.0018);
}

/** The zoom as a person reads it: 100 % at 1:1. */
export function zoomPercent(scale: number, devicePixelRatio: number): number {
  return Math.round((scale / oneToOne(devicePixelRatio)) * 100);
}

/** True when the scale is past the fit: the photo is zoomed and the full-resolution pixels are wanted. */
export function isZoomed(scale: number, fit: number): boolean {
  return scale > fit * 1.001;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value)) + 0; // + 0: no -0
}
