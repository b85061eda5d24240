import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

interface JxlEncoder {
  default: (image: { data: Uint8ClampedArray; width: number; height: number }, options?: { quality?: number; lossless?: boolean }) => Promise<ArrayBuffer>;
  init: (module: unknown) => Promise<unknown>;
}

const wasm = (globalThis as unknown as { WebAssembly: { compile: (bytes: Uint8Array) => Promise<unknown> } })
  .WebAssembly;
let encoder: Promise<JxlEncoder['default']> | undefined;

/** JPEG XL files made by libjxl's own encoder (@jsquash/jxl, the package whose decoder Shoebox uses). */
export async function encodeJxl(rgb: Buffer, width: number, height: number, quality = 90): Promise<Buffer> {
  encoder ??= (async () => {
    const module = (await import('@jsquash/jxl/encode.js')) as unknown as JxlEncoder;
    const dir = path.dirname(createRequire(import.meta.url).resolve('@jsquash/jxl/package.json'));
    await module.init(await wasm.compile(await readFile(path.join(dir, 'codec/enc/jxl_enc.wasm'))));
    return module.default;
  })();
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  return Buffer.from(await (await encoder)({ data: rgba, width, height }, { quality }));
}
