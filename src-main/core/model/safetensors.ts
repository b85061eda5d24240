import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../contract/errors.js';

/**
 * A reader for the safetensors format (huggingface/safetensors, docs "Format"): an 8-byte little-endian
 * unsigned header length N, N bytes of UTF-8 JSON mapping tensor names to
 * `{ dtype, shape, data_offsets: [begin, end] }` (offsets relative to the byte buffer that follows the
 * header) plus an optional `__metadata__` map of strings, then the byte buffer, little-endian, row-major.
 * Only the header and the tensors asked for are read, so a large file costs a few small reads.
 */

export interface TensorInfo {
  name: string;
  dtype: string;
  shape: number[];
  /** byte range inside the data buffer */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  file: string;
  /** where the data buffer starts in the file (8 + header length) */
  dataStart: number;
  tensors: Map<string, TensorInfo>;
  metadata: Record<string, string>;
}

/** Bytes per element of the dtypes this reader turns into float32. */
const FLOAT_DTYPES: Record<string, number> = { F32: 4, F16: 2, BF16: 2, F64: 8 };
/** Every dtype the format defines, so a header naming another one is reported as corrupt. */
const KNOWN_DTYPES: Record<string, number> = {
  ...FLOAT_DTYPES,
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I16: 2,
  U16: 2,
  I32: 4,
  U32: 4,
  I64: 8,
  U64: 8,
};
/** The format caps the header at 100 MB; anything larger is not a safetensors file. */
const MAX_HEADER_BYTES = 100_000_000;

function corrupt(file: string, why: string): AppError {
  return new AppError(
    'MODEL_INVALID',
    `${file} is not a valid safetensors file: ${why}. Download or import the model again.`,
    { file },
  );
}

async function openRegular(file: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new AppError(
      'MODEL_NOT_FOUND',
      `Cannot open ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}). Download or import the model again.`,
      { file },
      { cause: error },
    );
  }
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new AppError(
      'MODEL_INVALID',
      `${file} is not a regular file. Download or import the model again.`,
      { file },
    );
  }
  return { handle, size: info.size };
}

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buffer : buffer.subarray(0, done);
}

function isDims(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
}

/** Checks one header entry and returns it typed; every check names the tensor. */
function tensorInfo(file: string, name: string, raw: unknown, bufferSize: number): TensorInfo {
  if (typeof raw !== 'object' || raw === null) throw corrupt(file, `entry "${name}" is not an object`);
  const { dtype, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  if (typeof dtype !== 'string' || KNOWN_DTYPES[dtype] === undefined) {
    throw corrupt(file, `tensor "${name}" has an unknown dtype ${JSON.stringify(dtype)}`);
  }
  if (!isDims(shape)) throw corrupt(file, `tensor "${name}" has no valid shape`);
  if (!isDims(offsets) || offsets.length !== 2)
    throw corrupt(file, `tensor "${name}" has no valid data_offsets`);
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > bufferSize) {
    throw corrupt(
      file,
      `tensor "${name}" lies at bytes ${begin}..${end}, outside the ${bufferSize}-byte data buffer`,
    );
  }
  const expected = shape.reduce((a, b) => a * b, 1) * (KNOWN_DTYPES[dtype] ?? 1);
  if (end - begin !== expected) {
    throw corrupt(
      file,
      `tensor "${name}" (${dtype} [${shape.join(', ')}]) needs ${expected} bytes but has ${end - begin}`,
    );
  }
  return { name, dtype, shape, begin, end };
}

/** The format forbids holes and overlaps: sorted by offset, the tensors must tile the buffer exactly. */
function checkTiling(file: string, tensors: TensorInfo[], bufferSize: number): void {
  let at = 0;
  for (const t of [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end)) {
    if (t.begin !== at)
      throw corrupt(
        file,
        `tensor "${t.name}" starts at byte ${t.begin}, expected ${at} (a hole or an overlap)`,
      );
    at = t.end;
  }
  if (at !== bufferSize)
    throw corrupt(file, `the data buffer has ${bufferSize - at} bytes that no tensor uses`);
}

function parseHeader(file: string, json: Buffer, dataStart: number, fileSize: number): SafetensorsHeader {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch (error) {
    throw corrupt(file, `its header is not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw corrupt(file, 'its header is not a JSON object');
  }
  const bufferSize = fileSize - dataStart;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, raw] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      const entries =
        typeof raw === 'object' && raw !== null ? Object.entries(raw as Record<string, unknown>) : null;
      if (entries === null || entries.some(([, v]) => typeof v !== 'string')) {
        throw corrupt(file, '__metadata__ must map names to strings');
      }
      metadata = Object.fromEntries(entries) as Record<string, string>;
      continue;
    }
    tensors.set(name, tensorInfo(file, name, raw, bufferSize));
  }
  checkTiling(file, [...tensors.values()], bufferSize);
  return { file, dataStart, tensors, metadata };
}

async function headerOf(file: string, handle: FileHandle, size: number): Promise<SafetensorsHeader> {
  if (size < 8) throw corrupt(file, `it has ${size} bytes, fewer than the 8-byte header length`);
  const lengthBytes = await readExactly(handle, 8, 0);
  const length = lengthBytes.readBigUInt64LE(0);
  if (length > BigInt(Math.min(MAX_HEADER_BYTES, size - 8))) {
    throw corrupt(file, `its header claims ${length} bytes but the file has ${size - 8} after the length`);
  }
  const json = await readExactly(handle, Number(length), 8);
  return parseHeader(file, json, 8 + Number(length), size);
}

/** Reads and checks the header of a safetensors file. */
export async function readSafetensorsHeader(file: string): Promise<SafetensorsHeader> {
  const { handle, size } = await openRegular(file);
  try {
    return await headerOf(file, handle, size);
  } finally {
    await handle.close();
  }
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Little-endian bytes of a float dtype as float32 values. */
function toFloat32(bytes: Buffer, dtype: string): Float32Array {
  const count = bytes.length / (FLOAT_DTYPES[dtype] ?? 1);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i += 1) {
    if (dtype === 'F32') out[i] = bytes.readFloatLE(i * 4);
    else if (dtype === 'F64') out[i] = bytes.readDoubleLE(i * 8);
    else if (dtype === 'F16') out[i] = halfToFloat(bytes.readUInt16LE(i * 2));
    // bfloat16 is the top half of a float32
    else out[i] = new Float32Array(Uint32Array.of(bytes.readUInt16LE(i * 2) << 16).buffer)[0] ?? 0;
  }
  return out;
}

export interface FloatTensor {
  shape: number[];
  data: Float32Array;
}

/**
 * One floating-point tensor of a safetensors file as float32, checked against the shape the caller
 * expects (a projection read with its axes swapped would give plausible-looking nonsense).
 */
export async function readFloatTensor(
  file: string,
  name: string,
  expectedShape?: readonly number[],
): Promise<FloatTensor> {
  const { handle, size } = await openRegular(file);
  try {
    const header = await headerOf(file, handle, size);
    const info = header.tensors.get(name);
    if (info === undefined) {
      const known = [...header.tensors.keys()].join(', ') || 'none';
      throw new AppError('MODEL_INVALID', `${file} has no tensor "${name}" (its tensors: ${known}).`, {
        file,
        tensor: name,
      });
    }
    if (FLOAT_DTYPES[info.dtype] === undefined) {
      throw new AppError(
        'MODEL_INVALID',
        `${file}: tensor "${name}" is ${info.dtype}, not a floating-point type.`,
        {
          file,
          tensor: name,
        },
      );
    }
    if (expectedShape !== undefined && info.shape.join(',') !== expectedShape.join(',')) {
      throw new AppError(
        'MODEL_INVALID',
        `${file}: tensor "${name}" has shape [${info.shape.join(', ')}], expected [${expectedShape.join(', ')}].`,
        { file, tensor: name },
      );
    }
    const bytes = await readExactly(handle, info.end - info.begin, header.dataStart + info.begin);
    if (bytes.length !== info.end - info.begin) throw corrupt(file, `tensor "${name}" is cut short`);
    return { shape: info.shape, data: toFloat32(bytes, info.dtype) };
  } finally {
    await handle.close();
  }
}
