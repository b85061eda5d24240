import { ExifTool, type Tags } from 'exiftool-vendored';

/*
 * [Note: ExifTool]
 * RAW files (a dozen container formats, each with its maker's notes) and video metadata are read by ExifTool
 * through exiftool-vendored, not by parsers of our own: it ships ExifTool itself (the Perl script for Linux and
 * macOS, which carry Perl, and a Windows build), keeps one process open and feeds it requests, so a read costs
 * tens of milliseconds, not a process start. One process serves the library; each request has a time limit,
 * after which the process is replaced and the request fails, so a hostile file cannot stall indexing.
 */

const TASK_TIMEOUT_MS = 20_000;

let instance: ExifTool | null = null;

export function exiftool(): ExifTool {
  instance ??= new ExifTool({ maxProcs: 1, taskTimeoutMillis: TASK_TIMEOUT_MS, taskRetries: 0 });
  return instance;
}

const reading = new Map<string, Promise<Tags>>();

/**
 * A file's tags. The pipeline asks twice for a RAW's at the same moment (its preview and its EXIF): both get
 * the one read in flight, so ExifTool passes over the file once.
 */
export function readTags(file: string): Promise<Tags> {
  const pending = reading.get(file);
  if (pending) return pending;
  const read = exiftool().read(file);
  reading.set(file, read);
  const forget = (): void => {
    reading.delete(file);
  };
  read.then(forget, forget);
  return read;
}

/** Ends the ExifTool process, if one was started (the library closing). */
export async function closeExiftool(): Promise<void> {
  const running = instance;
  instance = null;
  await running?.end();
}

export type { Tags };
