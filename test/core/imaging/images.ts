import { deflateSync, crc32 } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import { parsePreprocessorConfig, type PreprocessSpec } from '../../../src-main/core/imaging/preprocess-spec.js';

/** Test images made on the spot with sharp: small, with known pixels. */

/** No normalisation and a 16×16 crop, so tensor values read as colours (0..1). */
export const PLAIN_SPEC: PreprocessSpec = {
  resizeMode: 'shortest-edge',
  shortestEdge: 16,
  cropHeight: 16,
  cropWidth: 16,
  rescaleFactor: 1 / 255,
  mean: null,
  std: null,
};

/** openai/clip-vit-base-patch32's preprocessor_config.json, as the reference tensors were made with it. */
export const CLIP_SPEC: PreprocessSpec = parsePreprocessorConfig({
  size: { shortest_edge: 224 },
  crop_size: { height: 224, width: 224 },
  resample: 3,
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_std: [0.26862954, 0.26130258, 0.27577711],
});

export type Rgb = readonly [number, number, number];

/** Interleaved RGB pixels: `colour(x, y)` for each pixel. */
export function rgbPixels(width: number, height: number, colour: (x: number, y: number) => Rgb): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      data.set(colour(x, y), (y * width + x) * 3);
    }
  }
  return data;
}

export function fromRgb(data: Buffer, width: number, height: number): Sharp {
  return sharp(data, { raw: { width, height, channels: 3 } });
}

/** Smooth random texture with fine grain, like a photo (a 4000×3000 one is about 3 MB as JPEG). */
export async function texturedJpeg(width: number, height: number, seed = 1): Promise<Buffer> {
  let state = seed;
  const random = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state >>> 24;
  };
  const coarseWidth = Math.ceil(width / 8);
  const coarseHeight = Math.ceil(height / 8);
  const coarse = Buffer.alloc(coarseWidth * coarseHeight * 3);
  for (let i = 0; i < coarse.length; i++) coarse[i] = random();
  const base = await fromRgb(coarse, coarseWidth, coarseHeight)
    .resize(width, height, { kernel: 'cubic' })
    .raw()
    .toBuffer();
  for (let i = 0; i < base.length; i++)
    base[i] = Math.min(255, Math.max(0, (base[i] ?? 0) + (random() % 9) - 4));
  return fromRgb(base, width, height).jpeg({ quality: 85 }).toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A complete, valid 1-bit black PNG of any size, written by hand: about 110 kB for 30000×30000, made in a
 * fraction of a second (sharp takes a minute to encode one). Decoding it would take 900 MP of memory.
 */
export function blackBilevelPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const scanlines = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(scanlines)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Mean absolute difference and cosine similarity of two tensors. */
export function compareTensors(
  actual: Float32Array,
  expected: Float32Array,
): { mad: number; cosine: number } {
  let diff = 0;
  let dot = 0;
  let aa = 0;
  let bb = 0;
  expected.forEach((b, i) => {
    const a = actual[i] ?? Number.NaN;
    diff += Math.abs(a - b);
    dot += a * b;
    aa += a * a;
    bb += b * b;
  });
  return { mad: diff / expected.length, cosine: dot / Math.sqrt(aa * bb) };
}
