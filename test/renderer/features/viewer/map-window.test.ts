import { describe, expect, it } from 'vitest';
import { mapWindow } from '../../../../src-renderer/src/features/viewer/map-window.js';
import { LAND_PATH } from '../../../../src-renderer/src/features/viewer/world-map/land-110m.js';

describe('the offline map around a photo\'s place', () => {
  it('puts the marker at the place and the window around it, inside the world', () => {
    // Paris, 48.86° N 2.35° E
    const paris = mapWindow({ latitude: 48.8566, longitude: 2.3522 });
    expect(paris.marker.x).toBeCloseTo(182.35);
    expect(paris.marker.y).toBeCloseTo(41.14);
    expect(paris).toMatchObject({ width: 120, height: 60 });
    expect(paris.x).toBeCloseTo(122.35);
    expect(paris.y).toBeCloseTo(11.14);
    // near the date line and the pole the window stops at the world's edge
    expect(mapWindow({ latitude: 89, longitude: 179 })).toMatchObject({ x: 240, y: 0 });
    expect(mapWindow({ latitude: -80, longitude: -179 })).toMatchObject({ x: 0, y: 120 });
  });

  it('ships the land as a path in map units', () => {
    expect(LAND_PATH.startsWith('M')).toBe(true);
    const numbers = LAND_PATH.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
    expect(numbers.length).toBeGreaterThan(5000);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...numbers)).toBeLessThanOrEqual(360);
  });
});
