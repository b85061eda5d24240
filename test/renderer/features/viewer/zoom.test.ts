import { describe, expect, it } from 'vitest';
import { clampPan, fitScale, isZoomed, oneToOne, panBy, scaleBounds, wheelFactor, zoomPercent, zoomTo } from '../../../../src-renderer/src/features/viewer/zoom.js';

const photo = { width: 4000, height: 3000 };
const stage = { width: 1000, height: 500 };

describe('viewer zoom', () => {
  it('fits the photo in the stage, never enlarging a small photo past one CSS pixel a pixel', () => {
    expect(fitScale(photo, stage)).toBeCloseTo(500 / 3000);
    expect(fitScale({ width: 200, height: 100 }, stage)).toBe(1);
    // on a 2× screen one photo pixel is half a CSS pixel at 1:1: a small photo may zoom out to it
    expect(oneToOne(2)).toBe(0.5);
    expect(scaleBounds(1, 2)).toEqual({ min: 0.5, max: 4 });
    expect(zoomPercent(0.5, 2)).toBe(100);
    expect(zoomPercent(500 / 3000, 1)).toBe(17);
  });

  it('keeps the point under the cursor still while zooming', () => {
    const fit = fitScale(photo, stage);
    const start = { scale: fit, x: 0, y: 0 };
    const cursor = { x: 200, y: -100 };
    const zoomed = zoomTo(start, 1, cursor, photo, stage, scaleBounds(fit, 1));
    // the photo point under the cursor before: (cursor - pan) / scale; the same after
    const before = { x: (cursor.x - start.x) / start.scale, y: (cursor.y - start.y) / start.scale };
    const after = { x: (cursor.x - zoomed.x) / zoomed.scale, y: (cursor.y - zoomed.y) / zoomed.scale };
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
    expect(zoomed.scale).toBe(1);
  });

  it('stays between the fit and 8 device pixels per photo pixel', () => {
    const fit = fitScale(photo, stage);
    const bounds = scaleBounds(fit, 1);
    expect(zoomTo({ scale: fit, x: 0, y: 0 }, 100, { x: 0, y: 0 }, photo, stage, bounds).scale).toBe(8);
    expect(zoomTo({ scale: 1, x: 0, y: 0 }, 0.001, { x: 0, y: 0 }, photo, stage, bounds).scale).toBe(fit);
  });

  it('pans no further than the photo\'s edges, and centres a photo smaller than the stage', () => {
    const at1 = { scale: 1, x: 0, y: 0 };
    // 4000 px wide in a 1000 px stage: the centre moves at most 1500 px either way
    expect(panBy(at1, 99_999, -99_999, photo, stage)).toEqual({ scale: 1, x: 1500, y: -1250 });
    expect(clampPan({ scale: 0.1, x: 40, y: -40 }, photo, stage)).toEqual({ scale: 0.1, x: 0, y: 0 });
  });

  it('zooms in on a wheel turned up and out on one turned down, by about 1.2× a notch', () => {
    expect(wheelFactor(-100, 0)).toBeCloseTo(1.197, 2);
    expect(wheelFactor(100, 0)).toBeLessThan(1);
    expect(wheelFactor(-3, 1)).toBeCloseTo(wheelFactor(-99, 0));
    expect(wheelFactor(-1e6, 0)).toBe(wheelFactor(-300, 0));
  });

  it('says when the full-resolution pixels are wanted', () => {
    expect(isZoomed(0.2, 0.2)).toBe(false);
    expect(isZoomed(0.25, 0.2)).toBe(true);
  });
});
