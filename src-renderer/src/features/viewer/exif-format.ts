/** The shot's numbers the way photographers write them. */

/** 2.8 → "f/2.8", 8 → "f/8", 1.4142 → "f/1.4". */
export function formatAperture(fNumber: number): string {
  return `f/${trim(fNumber, 1)}`;
}

/** 0.004 → "1/250", 0.5 → "1/2", 1.3 → "1.3", 30 → "30"; the unit is the caller's. */
export function formatShutter(seconds: number): string {
  if (seconds >= 1) return trim(seconds, 1);
  const denominator = Math.round(1 / seconds);
  // 0.3 s is not 1/3 s: a time that is not one over a whole number is written as a decimal
  return Math.abs(1 / denominator - seconds) / seconds < 0.05 ? `1/${denominator}` : trim(seconds, 2);
}

/** 50 → "50", 4.25 → "4.3". */
export function formatMillimetres(mm: number): string {
  return trim(mm, 1);
}

/** 4000 × 3000 → "12"; 640 × 480 → "0.3". */
export function megapixels(width: number, height: number): string {
  const mp = (width * height) / 1e6;
  return mp >= 10 ? String(Math.round(mp)) : trim(mp, 1);
}

function trim(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}
