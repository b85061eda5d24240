import { describe, expect, it } from 'vitest';
import { fileName, formatDate, formatEta, formatRate, monthKey } from '../../../src-renderer/src/lib/format.js';

describe('formatting', () => {
  it('groups by the month written in the photo, whatever zone offset it carries', () => {
    expect(monthKey('2021-05-31T23:30:00-05:00')).toBe('2021-05');
    expect(monthKey('2021-06-01 00:10:00')).toBe('2021-06');
    expect(monthKey('unknown')).toBeNull();
    expect(monthKey(null)).toBeNull();
  });

  it('never shows a date from before photography existed: an unset camera clock is no date', () => {
    expect(monthKey('1899-11-30T00:00:00')).toBeNull();
    expect(formatDate('1899-11-30T00:00:00')).toBe(formatDate(null));
    expect(monthKey('1750-05-01T00:00:00')).toBeNull();
    expect(monthKey('1899-11-30T14:10:00')).toBe('1899-11');
    expect(formatDate('1826-06-01T00:00:00')).toContain('1826');
  });

  it('says how long indexing has left in words', () => {
    expect(formatEta(null)).toBe('estimating…');
    expect(formatEta(42)).toBe('less than a minute left');
    expect(formatEta(600)).toBe('about 10 min left');
    expect(formatEta(3600 * 2 + 60 * 5)).toBe('about 2 h 5 min left');
    expect(formatEta(7200)).toBe('about 2 h left');
  });

  it('shows the rate with a decimal only while it is small', () => {
    expect(formatRate(0.25)).toBe('0.3 photos/s');
    expect(formatRate(48.6)).toBe('49 photos/s');
  });

  it('takes the file name of a POSIX or Windows path', () => {
    expect(fileName('/a/b/IMG_1.jpg')).toBe('IMG_1.jpg');
    expect(fileName('C:\\Photos\\IMG_2.HEIC')).toBe('IMG_2.HEIC');
  });
});
