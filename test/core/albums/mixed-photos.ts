import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Rgb } from '../../helpers/photos.js';

/** Colours the tiny model knows (its prototypes), in 0..255. */
export const SHADES: Record<string, Rgb> = {
  red: [217, 26, 26],
  orange: [255, 140, 13],
  pink: [242, 77, 153],
  purple: [128, 38, 153],
  blue: [26, 64, 217],
  green: [38, 166, 51],
};

/**
 * A square photo whose top `share` is one colour and the rest another, with a little deterministic
 * noise: the tiny model sees it as that mix of the two colours (square, so CLIP's centre crop keeps it all).
 */
export async function writeMixedPhoto(file: string, top: Rgb, bottom: Rgb, share: number, seed: number): Promise<string> {
  const width = 64;
  const height = 64;
  const split = Math.round(height * share);
  const data = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761 + 7;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const colour = y < split ? top : bottom;
      for (let c = 0; c < 3; c += 1) {
        state = (state * 1103515245 + 12345) >>> 0;
        const jitter = ((state >>> 16) % 13) - 6;
        data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, (colour[c] ?? 0) + jitter));
      }
    }
  }
  await mkdir(path.dirname(file), { recursive: true });
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(file);
  return file;
}
