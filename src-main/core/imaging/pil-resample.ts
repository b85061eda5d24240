/**
 * A port of Pillow's resampling (libImaging/Resample.c, 8 bits per channel), the resize inside Hugging
 * Face's image processors: a separable convolution whose kernel widens with the reduction (antialiasing),
 * fixed-point weights with 22 fractional bits, rounding and clipping to 8 bits after each pass. It
 * reproduces the reference tensors to the last bit of every pixel (test/core/imaging/pil-resample.test.ts).
 * [Note: enlarging] says why imaging needs it.
 */

const PRECISION_BITS = 32 - 8 - 2;
const ONE = 2 ** PRECISION_BITS;

interface Filter {
  support: number;
  weight: (x: number) => number;
}

export const PIL_FILTERS: Record<'bicubic' | 'bilinear', Filter> = {
  bicubic: {
    support: 2,
    weight: (x) => {
      const a = -0.5;
      const t = Math.abs(x);
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
      return 0;
    },
  },
  bilinear: { support: 1, weight: (x) => Math.max(0, 1 - Math.abs(x)) },
};

/** For each output pixel: the first input pixel it reads, how many, and their fixed-point weights. */
interface Taps {
  first: Int32Array;
  count: Int32Array;
  weights: Int32Array;
  stride: number;
}

function taps(inSize: number, outSize: number, filter: Filter): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * stride);
  const k = new Float64Array(stride);
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    const min = Math.max(0, Math.trunc(center - support + 0.5));
    const n = Math.min(inSize, Math.trunc(center + support + 0.5)) - min;
    let total = 0;
    for (let i = 0; i < n; i++) {
      k[i] = filter.weight((i + min - center + 0.5) / filterScale);
      total += k[i] ?? 0;
    }
    for (let i = 0; i < n; i++) {
      const w = total === 0 ? 0 : (k[i] ?? 0) / total;
      weights[out * stride + i] = Math.trunc(w < 0 ? w * ONE - 0.5 : w * ONE + 0.5);
    }
    first[out] = min;
    count[out] = n;
  }
  return { first, count, weights, stride };
}

/**
 * One pass over interleaved RGB along x or y, producing only outputs `from` to `from + length` of a resize
 * to `outSize`: the crop that follows needs no more, and each output pixel depends on its own taps only.
 */
function pass(
  src: Uint8Array,
  width: number,
  height: number,
  alongX: boolean,
  outSize: number,
  from: number,
  length: number,
  filter: Filter,
): Uint8Array {
  const t = taps(alongX ? width : height, outSize, filter);
  const outWidth = alongX ? length : width;
  const outHeight = alongX ? height : length;
  const out = new Uint8Array(outWidth * outHeight * 3);
  const step = alongX ? 3 : width * 3;
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const o = from + (alongX ? x : y);
      const n = t.count[o] ?? 0;
      const start = alongX ? (y * width + (t.first[o] ?? 0)) * 3 : ((t.first[o] ?? 0) * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        let sum = ONE / 2;
        for (let i = 0; i < n; i++)
          sum += (src[start + i * step + c] ?? 0) * (t.weights[o * t.stride + i] ?? 0);
        out[(y * outWidth + x) * 3 + c] = Math.min(255, Math.max(0, Math.floor(sum / ONE)));
      }
    }
  }
  return out;
}

/** Copies columns `left` to `left + length` of interleaved RGB: Pillow skips a pass whose size is unchanged. */
function columns(src: Uint8Array, width: number, height: number, left: number, length: number): Uint8Array {
  const out = new Uint8Array(length * height * 3);
  for (let y = 0; y < height; y++)
    out.set(src.subarray((y * width + left) * 3, (y * width + left + length) * 3), y * length * 3);
  return out;
}

export interface ResizeCrop {
  resizeWidth: number;
  resizeHeight: number;
  left: number;
  top: number;
  cropWidth: number;
  cropHeight: number;
}

/** Pillow's `resize((resizeWidth, resizeHeight), filter)` of 8-bit RGB, then the crop, computing only the crop. */
export function pilResizeCrop(
  rgb: Uint8Array,
  width: number,
  height: number,
  r: ResizeCrop,
  filter: Filter,
): Uint8Array {
  const across =
    r.resizeWidth === width
      ? columns(rgb, width, height, r.left, r.cropWidth)
      : pass(rgb, width, height, true, r.resizeWidth, r.left, r.cropWidth, filter);
  if (r.resizeHeight === height)
    return across.subarray(r.top * r.cropWidth * 3, (r.top + r.cropHeight) * r.cropWidth * 3);
  return pass(across, r.cropWidth, height, false, r.resizeHeight, r.top, r.cropHeight, filter);
}
