import { describe, expect, it } from 'vitest';
import { formatAperture, formatMillimetres, formatShutter, megapixels } from '../../../../src-renderer/src/features/viewer/exif-format.js';

describe('the shot\'s numbers as photographers write them', () => {
  it('writes apertures, shutter times and focal lengths', () => {
    expect(formatAperture(2.8)).toBe('f/2.8');
    expect(formatAperture(8)).toBe('f/8');
    expect(formatAperture(1.4142)).toBe('f/1.4');
    expect(formatShutter(0.004)).toBe('1/250');
    expect(formatShutter(1 / 8000)).toBe('1/8000');
    expect(formatShutter(0.5)).toBe('1/2');
    expect(formatShutter(0.3)).toBe('0.3');
    expect(formatShutter(1.3)).toBe('1.3');
    expect(formatShutter(30)).toBe('30');
    expect(formatMillimetres(50)).toBe('50');
    expect(formatMillimetres(4.25)).toBe('4.3');
    expect(megapixels(4000, 3000)).toBe('12');
    expect(megapixels(640, 480)).toBe('0.3');
  });
});
