import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { readFloatTensor, readSafetensorsHeader } from '../../../src-main/core/model/safetensors.js';
import { encodeSafetensors, f32 } from '../../fixtures/safetensors-writer.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => cleanup());

async function write(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, bytes);
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

function f16(values: number[]): Uint8Array {
  // 1.0 = 0x3c00, -2.0 = 0xc000, 0.5 = 0x3800: exact half-precision encodings
  const bits: Record<number, number> = { 1: 0x3c00, [-2]: 0xc000, 0.5: 0x3800 };
  const out = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => out.writeUInt16LE(bits[v] ?? 0, i * 2));
  return out;
}

function bf16(values: number[]): Uint8Array {
  const out = Buffer.alloc(values.length * 2);
  const word = new Uint32Array(new Float32Array(values).buffer);
  word.forEach((w, i) => out.writeUInt16LE(w >>> 16, i * 2));
  return out;
}

describe('safetensors reader', () => {
  it('reads the header: names, dtypes, shapes, offsets and metadata', async () => {
    const file = await write(
      'two.safetensors',
      encodeSafetensors(
        {
          'linear.weight': { dtype: 'F32', shape: [2, 3], bytes: f32([1, 2, 3, 4, 5, 6]) },
          step: { dtype: 'I64', shape: [1], bytes: new Uint8Array(8) },
        },
        { format: 'pt' },
      ),
    );
    const header = await readSafetensorsHeader(file);
    expect(header.metadata).toEqual({ format: 'pt' });
    expect(header.tensors.get('linear.weight')).toEqual({
      name: 'linear.weight',
      dtype: 'F32',
      shape: [2, 3],
      begin: 0,
      end: 24,
    });
    expect(header.tensors.get('step')).toMatchObject({ dtype: 'I64', begin: 24, end: 32 });
    expect(header.dataStart % 8).toBe(0);
  });

  it('reads F32, F16, BF16 and F64 tensors as float32 at their offsets', async () => {
    const f64 = Buffer.alloc(16);
    f64.writeDoubleLE(0.25, 0);
    f64.writeDoubleLE(-8, 8);
    const file = await write(
      'dtypes.safetensors',
      encodeSafetensors({
        a: { dtype: 'F32', shape: [2], bytes: f32([0.5, -1.5]) },
        b: { dtype: 'F16', shape: [3], bytes: f16([1, -2, 0.5]) },
        c: { dtype: 'BF16', shape: [2], bytes: bf16([3, -0.75]) },
        d: { dtype: 'F64', shape: [2, 1], bytes: f64 },
      }),
    );
    expect([...(await readFloatTensor(file, 'a')).data]).toEqual([0.5, -1.5]);
    expect([...(await readFloatTensor(file, 'b')).data]).toEqual([1, -2, 0.5]);
    expect([...(await readFloatTensor(file, 'c')).data]).toEqual([3, -0.75]);
    expect(await readFloatTensor(file, 'd', [2, 1])).toEqual({
      shape: [2, 1],
      data: Float32Array.from([0.25, -8]),
    });
  });

  it('names the tensors it has when asked for one it lacks, and refuses an integer tensor or a wrong shape', async () => {
    const file = await write(
      'w.safetensors',
      encodeSafetensors({
        'linear.weight': { dtype: 'F32', shape: [2, 3], bytes: f32([1, 2, 3, 4, 5, 6]) },
        ids: { dtype: 'I64', shape: [1], bytes: new Uint8Array(8) },
      }),
    );
    expect((await rejection(readFloatTensor(file, 'weight'))).message).toMatch(
      /no tensor "weight".*linear\.weight, ids/,
    );
    expect((await rejection(readFloatTensor(file, 'ids'))).message).toMatch(/I64, not a floating-point/);
    const shape = await rejection(readFloatTensor(file, 'linear.weight', [3, 2]));
    expect(shape.code).toBe('MODEL_INVALID');
    expect(shape.message).toMatch(/shape \[2, 3\], expected \[3, 2\]/);
  });

  describe('a corrupt file is MODEL_INVALID and says what is wrong', () => {
    const good = (): Buffer =>
      encodeSafetensors({ w: { dtype: 'F32', shape: [2, 2], bytes: f32([1, 2, 3, 4]) } });

    const cases: [string, () => Buffer, RegExp][] = [
      ['fewer than 8 bytes', () => Buffer.from([1, 2, 3]), /fewer than the 8-byte header length/],
      [
        'a header length beyond the file',
        () => {
          const b = good();
          b.writeBigUInt64LE(10_000n, 0);
          return b;
        },
        /header claims 10000 bytes/,
      ],
      [
        'a header that is not JSON',
        () => {
          const b = good();
          b.write('!', 8);
          return b;
        },
        /header is not JSON/,
      ],
      [
        'a data buffer cut short',
        () => good().subarray(0, good().length - 4),
        /outside the 12-byte data buffer/,
      ],
      ['bytes no tensor uses', () => Buffer.concat([good(), Buffer.alloc(4)]), /4 bytes that no tensor uses/],
      [
        'a size that does not match the shape',
        () => encodeSafetensors({ w: { dtype: 'F32', shape: [3, 2], bytes: f32([1, 2, 3, 4]) } }),
        /needs 24 bytes but has 16/,
      ],
      [
        'an unknown dtype',
        () => Buffer.from(good().toString('latin1').replace('"F32"', '"Q99"'), 'latin1'),
        /unknown dtype "Q99"/,
      ],
    ];
    it.each(cases)('%s', async (_name, make, message) => {
      const file = await write('bad.safetensors', make());
      const error = await rejection(readSafetensorsHeader(file));
      expect(error.code).toBe('MODEL_INVALID');
      expect(error.message).toContain(file);
      expect(error.message).toMatch(message);
    });

    it('overlapping tensors', async () => {
      const json = JSON.stringify({
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
      });
      const length = Buffer.alloc(8);
      length.writeBigUInt64LE(BigInt(json.length));
      const file = await write(
        'overlap.safetensors',
        Buffer.concat([length, Buffer.from(json), Buffer.alloc(12)]),
      );
      expect((await rejection(readSafetensorsHeader(file))).message).toMatch(/starts at byte 4, expected 8/);
    });
  });

  it('reports a missing file as MODEL_NOT_FOUND and a folder as not a regular file', async () => {
    expect((await rejection(readSafetensorsHeader(path.join(dir, 'absent.safetensors')))).code).toBe(
      'MODEL_NOT_FOUND',
    );
    await mkdir(path.join(dir, 'folder.safetensors'));
    expect((await rejection(readSafetensorsHeader(path.join(dir, 'folder.safetensors')))).message).toMatch(
      /not a regular file/,
    );
  });
});
