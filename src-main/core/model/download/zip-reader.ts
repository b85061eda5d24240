import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../../../contract/errors.js';

/**
 * A streaming reader for the zip files a person gets by zipping a Hugging Face model folder:
 * stored and deflated entries, zip64 for archives past 4 GB. Entries are extracted straight from
 * disk to disk, so a 1 GB tower never sits in memory. (The zip packages in node_modules are other
 * tools' dependencies and read whole entries into memory.)
 */
export interface ZipEntry {
  name: string;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  isDirectory: boolean;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

function corrupt(file: string, why: string): AppError {
  return new AppError(
    'MODEL_INVALID',
    `${file} is not a readable zip file (${why}). Re-create the archive, or import the folder instead.`,
    { file },
  );
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

interface Directory {
  offset: number;
  size: number;
  count: number;
}

async function findDirectory(handle: FileHandle, file: string): Promise<Directory> {
  const fileSize = (await handle.stat()).size;
  const tailStart = Math.max(0, fileSize - (22 + MAX_COMMENT));
  const tail = await readAt(handle, tailStart, fileSize - tailStart);
  let at = tail.length - 22;
  while (at >= 0 && tail.readUInt32LE(at) !== EOCD_SIGNATURE) at -= 1;
  if (at < 0) throw corrupt(file, 'no end-of-central-directory record');
  const directory = {
    count: tail.readUInt16LE(at + 10),
    size: tail.readUInt32LE(at + 12),
    offset: tail.readUInt32LE(at + 16),
  };
  const usesZip64 =
    directory.count === 0xffff || directory.size === 0xffffffff || directory.offset === 0xffffffff;
  if (!usesZip64) return directory;
  const locatorAt = at - 20;
  if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== ZIP64_LOCATOR_SIGNATURE)
    throw corrupt(file, 'zip64 locator missing');
  const record = await readAt(handle, Number(tail.readBigUInt64LE(locatorAt + 8)), 56);
  if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE)
    throw corrupt(file, 'zip64 directory record missing');
  return {
    count: Number(record.readBigUInt64LE(32)),
    size: Number(record.readBigUInt64LE(40)),
    offset: Number(record.readBigUInt64LE(48)),
  };
}

/** Sizes and offsets that overflow 32 bits live in the zip64 extra field, in this fixed order. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  let at = 0;
  while (at + 4 <= extra.length) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}

export async function readZipEntries(file: string): Promise<ZipEntry[]> {
  const handle = await open(file, 'r');
  try {
    const directory = await findDirectory(handle, file);
    const data = await readAt(handle, directory.offset, directory.size);
    const entries: ZipEntry[] = [];
    let at = 0;
    for (let i = 0; i < directory.count; i += 1) {
      if (at + 46 > data.length || data.readUInt32LE(at) !== CENTRAL_SIGNATURE)
        throw corrupt(file, 'central directory is truncated');
      const flags = data.readUInt16LE(at + 8);
      if ((flags & 0x1) !== 0) throw corrupt(file, 'it is encrypted');
      const nameLength = data.readUInt16LE(at + 28);
      const extraLength = data.readUInt16LE(at + 30);
      const commentLength = data.readUInt16LE(at + 32);
      const name = data.toString('utf8', at + 46, at + 46 + nameLength);
      const entry: ZipEntry = {
        name,
        method: data.readUInt16LE(at + 10),
        crc32: data.readUInt32LE(at + 16),
        compressedSize: data.readUInt32LE(at + 20),
        size: data.readUInt32LE(at + 24),
        localHeaderOffset: data.readUInt32LE(at + 42),
        isDirectory: name.endsWith('/'),
      };
      applyZip64Extra(entry, data.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
      entries.push(entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = (c & 1) !== 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = ~crc >>> 0;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}

/** Extracts one entry to `dest`, checking its CRC-32 and size so a damaged archive is caught here. */
export async function extractZipEntry(file: string, entry: ZipEntry, dest: string): Promise<void> {
  if (entry.method !== 0 && entry.method !== 8)
    throw corrupt(file, `${entry.name} uses compression method ${entry.method.toString()}`);
  const handle = await open(file, 'r');
  let dataStart: number;
  try {
    const header = await readAt(handle, entry.localHeaderOffset, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== LOCAL_SIGNATURE)
      throw corrupt(file, `${entry.name} has no local header`);
    dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  await mkdir(path.dirname(dest), { recursive: true });
  let crc = 0;
  let size = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      crc = crc32Update(crc, chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  const source: Readable =
    entry.compressedSize === 0
      ? Readable.from([])
      : createReadStream(file, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  try {
    if (entry.method === 8) await pipeline(source, createInflateRaw(), check, createWriteStream(dest));
    else await pipeline(source, check, createWriteStream(dest));
  } catch (error) {
    throw new AppError(
      'MODEL_INVALID',
      `${file}: ${entry.name} cannot be decompressed (${(error as Error).message}).`,
      { file },
      { cause: error },
    );
  }
  if (crc !== entry.crc32 || size !== entry.size) throw corrupt(file, `${entry.name} fails its CRC check`);
}
