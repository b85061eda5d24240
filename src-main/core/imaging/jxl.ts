import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { RawRgba } from './heic.js';
import { decodeFailed, tooLarge } from './imaging-errors.js';

/*
 * JPEG XL through libjxl compiled to WebAssembly (@jsquash/jxl): sharp's prebuilt libvips has no JPEG XL
 * decoder. Like HEIC it decodes the whole image to RGBA on the calling thread, so the ordinary 100 MP limit
 * holds ([Note: very large photos]), checked from the codestream's size header before anything is decoded:
 * the decoder has no header-only call.
 */

/** The bare codestream: the file itself, or the payload of its first jxlc/jxlp box. */
function codestream(bytes: Uint8Array): Uint8Array | null {
  if (bytes[0] === 0xff) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 8 <= bytes.length; ) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    let header = 8;
    if (size === 1) {
      if (offset + 16 > bytes.length) return null;
      size = Number(view.getBigUint64(offset + 8));
      header = 16;
    }
    if (type === 'jxlc') return bytes.subarray(offset + header);
    if (type === 'jxlp') return bytes.subarray(offset + header + 4);
    if (size === 0 || size < header) return null;
    offset += size;
  }
  return null;
}

/** Reads bits least significant first, as JPEG XL's headers are written. */
class Bits {
  private position = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(count: number): number {
    let value = 0;
    for (let i = 0; i < count; i++, this.position++) {
      const byte = this.bytes[this.position >> 3];
      if (byte === undefined) throw new Error('the size header is cut short');
      value += ((byte >> (this.position & 7)) & 1) * 2 ** i;
    }
    return value;
  }
}

const RATIOS: readonly (readonly [number, number])[] = [[1, 1], [12, 10], [4, 3], [3, 2], [16, 9], [5, 4], [2, 1]];

function dimension(bits: Bits, small: boolean): number {
  if (small) return (bits.read(5) + 1) * 8;
  const widths = [9, 13, 18, 30] as const;
  return bits.read(widths[bits.read(2)] ?? 30) + 1;
}

/** The image's size from the codestream's SizeHeader (ISO/IEC 18181-1, A.3.1), or null when unreadable. */
export function jxlSize(bytes: Uint8Array): { width: number; height: number } | null {
  const stream = codestream(bytes);
  if (stream?.[0] !== 0xff || stream[1] !== 0x0a) return null;
  try {
    const bits = new Bits(stream.subarray(2));
    const small = bits.read(1) === 1;
    const height = dimension(bits, small);
    const ratio = bits.read(3);
    const [num, den] = RATIOS[ratio - 1] ?? [0, 1];
    const width = ratio === 0 ? dimension(bits, small) : Math.floor((height * num) / den);
    return { width, height };
  } catch {
    return null;
  }
}

interface JxlDecoder {
  default: (buffer: ArrayBuffer) => Promise<{ data: Uint8ClampedArray; width: number; height: number }>;
  init: (module: unknown) => Promise<unknown>;
}

/** Node's WebAssembly global, which this project's type libraries declare only as a namespace. */
const wasm = (globalThis as unknown as { WebAssembly: { compile: (bytes: Uint8Array) => Promise<unknown> } })
  .WebAssembly;

let decoder: Promise<JxlDecoder['default']> | undefined;

/** Loads the decoder once, from the package's own wasm file (its default loader expects a browser). */
function loadDecoder(): Promise<JxlDecoder['default']> {
  decoder ??= (async () => {
    // the decoder builds browser ImageData; Node has none, and a plain holder of the same fields serves
    (globalThis as { ImageData?: unknown }).ImageData ??= class {
      constructor(
        readonly data: Uint8ClampedArray,
        readonly width: number,
        readonly height: number,
      ) {}
    };
    const module = (await import('@jsquash/jxl/decode.js')) as unknown as JxlDecoder;
    const packageDir = path.dirname(createRequire(import.meta.url).resolve('@jsquash/jxl/package.json'));
    await module.init(await wasm.compile(await readFile(path.join(packageDir, 'codec/dec/jxl_dec.wasm'))));
    return module.default;
  })();
  return decoder;
}

/** Decodes a JPEG XL file to upright 8-bit RGBA (libjxl applies the orientation). */
export async function decodeJxl(bytes: Buffer, file: string, maxPixels: number): Promise<RawRgba> {
  const size = jxlSize(bytes);
  if (size === null) throw decodeFailed(file, bytes, 'jxl', new Error('no readable size header'));
  if (size.width * size.height > maxPixels) throw tooLarge(file, size.width, size.height, maxPixels);
  const decode = await loadDecoder();
  const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const image = await decode(copy).catch((error: unknown) => {
    throw decodeFailed(file, bytes, 'jxl', error);
  });
  const { buffer, byteOffset, byteLength } = image.data;
  return { data: Buffer.from(buffer, byteOffset, byteLength), width: image.width, height: image.height };
}
