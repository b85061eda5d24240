import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { access, constants, lstat, open, rm, writeFile } from 'node:fs/promises';
import { AppError } from '../../contract/errors.js';
import { exiftool } from '../imaging/exiftool.js';
import { sidecarsOf } from '../library/xmp-keywords.js';
import { fsyncPath } from '../util/atomic-file.js';
import { readRegularFile } from '../util/regular-file.js';
import { mergeKeywords, sameKeywords, type ShoeboxKeywords, type SidecarKeywords } from './keyword-merge.js';

/** An XMP sidecar is a few kilobytes; anything this big at a sidecar's name is not one. */
const MAX_SIDECAR_BYTES = 16 * 1024 * 1024;
const READ_TIMEOUT_MS = 10_000;

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSymbolicLink()) return 'a symbolic link';
  if (info.isSocket()) return 'a socket';
  return 'a device';
}

/** A failure to write a sidecar: coded, naming the file, saying what to do. */
export function sidecarError(file: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const errno = (error as NodeJS.ErrnoException).code;
  if (errno === 'ENOSPC') return new AppError('DISK_FULL', `The disk holding ${file} is full; the sidecar was not written.`, { file });
  const why =
    errno === 'EACCES' || errno === 'EPERM' || errno === 'EROFS'
      ? 'its folder or the file is not writable (read-only folder or disk?); make it writable or skip these photos'
      : error instanceof Error
        ? error.message
        : String(error);
  return new AppError('FILE_OPERATION_FAILED', `Cannot write the sidecar ${file}: ${why}.`, { file, ...(errno ? { errno } : {}) });
}

export interface SidecarTarget {
  /** the sidecar to write: the photo's own if it has one, else `<photo>.xmp` */
  path: string;
  /** its bytes now; null when it does not exist yet */
  before: Buffer | null;
}

/**
 * The sidecar a photo's keywords go to, and what it holds now. Something at a sidecar's name that is no
 * ordinary file (a folder, a FIFO, a link) is refused with the file named, before anything opens it, so a FIFO
 * never blocks the export; a sidecar the person made read-only is refused rather than replaced.
 */
export async function sidecarTarget(photoPath: string): Promise<SidecarTarget> {
  // a photo deleted since the last scan gets no sidecar of its own
  if (!(await lstat(photoPath).catch(() => null))?.isFile()) {
    throw new AppError('NOT_FOUND', `${photoPath} is no longer there, so no sidecar was written for it. Scan the folders again.`, { file: photoPath });
  }
  for (const candidate of sidecarsOf(photoPath)) {
    const info = await lstat(candidate).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw sidecarError(candidate, error);
    });
    if (info === null) continue;
    if (!info.isFile()) {
      throw new AppError(
        'FILE_OPERATION_FAILED',
        `${candidate} is ${kindOf(info)}, not an XMP sidecar; Shoebox writes keywords only into ordinary sidecar files. Move it aside and export again.`,
        { file: candidate, kind: kindOf(info) },
      );
    }
    await access(candidate, constants.W_OK).catch((error: unknown) => {
      throw sidecarError(candidate, error);
    });
    if (info.size > MAX_SIDECAR_BYTES) {
      throw new AppError('FILE_OPERATION_FAILED', `${candidate} is ${Math.round(info.size / 1048576)} MB, too large to be an XMP sidecar; move it aside and export again.`, {
        file: candidate,
      });
    }
    const before = await readRegularFile(candidate, { maxBytes: MAX_SIDECAR_BYTES, timeoutMs: READ_TIMEOUT_MS }).catch((error: unknown) => {
      throw sidecarError(candidate, error);
    });
    return { path: candidate, before };
  }
  return { path: `${photoPath}.xmp`, before: null };
}

function strings(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  return [];
}

/** The two keyword lists of an XMP file, as ExifTool reads them. */
export async function readSidecarKeywords(file: string): Promise<SidecarKeywords> {
  const tags: Record<string, unknown> = await exiftool().read(file, { readArgs: ['-XMP-dc:Subject', '-XMP-lr:HierarchicalSubject', '-fast'] });
  return { subject: strings(tags['Subject']), hierarchical: strings(tags['HierarchicalSubject']) };
}

export interface StagedSidecar {
  /** the merged sidecar's bytes, verified by ExifTool reading them back */
  bytes: Buffer;
  keywords: SidecarKeywords;
}

/**
 * Makes the new sidecar in `stage` (a file of the library's own, ending in .xmp so ExifTool knows the format):
 * a copy of the present bytes, its keyword lists merged by ExifTool, read back and checked. Null when the
 * merge would change nothing. The photo's folder is not touched here.
 */
export async function stageSidecar(target: SidecarTarget, wanted: ShoeboxKeywords, stage: string): Promise<StagedSidecar | null> {
  await rm(stage, { force: true });
  let existing: SidecarKeywords = { subject: [], hierarchical: [] };
  if (target.before !== null) {
    await writeFile(stage, target.before);
    existing = await readSidecarKeywords(stage).catch((error: unknown) => {
      throw new AppError('FILE_OPERATION_FAILED', `${target.path} is not an XMP file ExifTool can read (${String(error)}); fix or move it aside.`, {
        file: target.path,
      });
    });
  }
  const merged = mergeKeywords(existing, wanted);
  if (target.before !== null && sameKeywords(existing, merged)) return null;
  try {
    await exiftool().write(stage, { Subject: merged.subject, HierarchicalSubject: merged.hierarchical }, { writeArgs: ['-overwrite_original'] });
    const back = await readSidecarKeywords(stage);
    if (!sameKeywords(back, merged)) throw new Error(`ExifTool read back ${JSON.stringify(back)}, not ${JSON.stringify(merged)}`);
  } catch (error) {
    throw new AppError('FILE_OPERATION_FAILED', `Cannot merge Shoebox's keywords into ${target.path}: ${String(error)}`, { file: target.path });
  }
  const bytes = await readRegularFile(stage, { maxBytes: MAX_SIDECAR_BYTES, timeoutMs: READ_TIMEOUT_MS });
  await rm(stage, { force: true });
  return { bytes, keywords: merged };
}

/** Writes `bytes` to a new file `temp` (never an existing one) and fsyncs it. */
export async function writeNew(temp: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The SHA-256 of a sidecar now, or null when there is none (or something that is not a file). */
export async function currentSha(file: string): Promise<string | null> {
  const info = await lstat(file).catch(() => null);
  if (!info?.isFile()) return null;
  return sha256(await readRegularFile(file, { maxBytes: MAX_SIDECAR_BYTES, timeoutMs: READ_TIMEOUT_MS }));
}

export { fsyncPath };
