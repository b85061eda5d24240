import { rm } from 'node:fs/promises';
import sharp from 'sharp';
import { writePhoto, type Rgb } from '../../helpers/photos.js';

/** Colours the tiny model knows (its prototypes), in 0..255. */
export const SHADES: Record<string, Rgb> = {
  red: [217, 26, 26],
  orange: [255, 140, 13],
  pink: [242, 77, 153],
  purple: [128, 38, 153],
  blue: [26, 64, 217],
  green: [38, 166, 51],
};

const SIZE = 64;

/**
 * A square PNG whose top `share` is one colour and the rest another, both with the helpers'
 * noise: the tiny model sees it as that mix of the two colours (square, so CLIP's centre crop
 * keeps all of it).
 */
export async function writeMixedPhoto(file: string, top: Rgb, bottom: Rgb, share: number, seed: number): Promise<string> {
  const split = Math.round(SIZE * share);
  const parts = { top: `${file}.top.png`, bottom: `${file}.bottom.png` };
  await writePhoto(parts.top, top, { width: SIZE, height: SIZE, seed, format: 'png' });
  await writePhoto(parts.bottom, bottom, { width: SIZE, height: SIZE, seed: seed + 1000, format: 'png' });
  const layers = split === 0 ? [] : [{ input: await sharp(parts.top).extract({ left: 0, top: 0, width: SIZE, height: split }).toBuffer(), top: 0, left: 0 }];
  await sharp(parts.bottom).composite(layers).png().toFile(file);
  await rm(parts.top);
  await rm(parts.bottom);
  return file;
}
