import type { GpsPosition } from '$contract/library.js';

/** The map's window: 120° by 60° around the place, kept inside the world, and the marker in map units. */
export interface MapWindow {
  x: number;
  y: number;
  width: number;
  height: number;
  marker: { x: number; y: number };
}

const WIDTH = 120;
const HEIGHT = 60;

/** Equirectangular map units (viewBox 0 0 360 180): x from 180° W, y from 90° N ([Note: offline map]). */
export function mapWindow(gps: GpsPosition): MapWindow {
  const marker = { x: clamp(gps.longitude, -180, 180) + 180, y: 90 - clamp(gps.latitude, -90, 90) };
  return {
    x: clamp(marker.x - WIDTH / 2, 0, 360 - WIDTH),
    y: clamp(marker.y - HEIGHT / 2, 0, 180 - HEIGHT),
    width: WIDTH,
    height: HEIGHT,
    marker,
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
