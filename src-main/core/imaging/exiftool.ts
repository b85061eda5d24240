import { stat } from 'node:fs/promises';
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

/*
 * [Note: one ExifTool request per RAW]
 * exiftool-vendored's `read` always asks for every tag (-all) and post-processes them all; for a 24 MP DNG that
 * cost ExifTool 33 to 44 ms against 5 for the few tags indexing needs, and indexing asked twice per RAW (the
 * tags, then the keywords, also read whole). So indexing asks once per photo (`readRaw`), by name, for what it
 * keeps (`FACT_TAGS`): the orientation, the sensor's size, where each embedded JPEG lies, the dates, camera
 * and position, and the keywords; as numbers (-n: the composite position signed, south and west below zero),
 * with MWG's reconciled dates. The dates are then read by the same strict rules as every other photo's
 * (library/exif.ts), in the offset the file records; exiftool-vendored's guesses of a zone from the position
 * are not made, as they are not for a JPEG. The binary tags themselves are not asked for (naming them costs a
 * third more): a RAW whose previews ExifTool does not place gets a second request ([Note: RAW photos]). Two
 * readers of one file at the same time (a RAW's preview and its EXIF) share the one request in flight, and
 * what a photo's request read is kept a short while, so its keywords, asked for once the photo is written,
 * cost nothing more, unless the file changed meanwhile (its size, times and inode compared). A JPEG's keywords
 * are not asked of ExifTool at all ([Note: JPEG keywords read in process]).
 */
export const FACT_TAGS = [
  'Orientation', 'ImageSize',
  'JpgFromRawStart', 'JpgFromRawLength', 'PreviewImageStart', 'PreviewImageLength', 'OtherImageStart', 'OtherImageLength',
  'DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'OffsetTime',
  'Make', 'Model', 'Composite:GPSLatitude', 'Composite:GPSLongitude',
  'XMP-dc:Subject', 'IPTC:Keywords', 'XMP-lr:HierarchicalSubject',
] as const;

/** What ExifTool printed for `FACT_TAGS`: names without groups, numbers as numbers. */
export type Facts = Record<string, unknown>;

interface Stamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

const RECENT = 64;
const factsReading = new Map<string, Promise<Facts>>();
const recentFacts = new Map<string, { stamp: Stamp; facts: Facts }>();

const sameStamp = (a: Stamp, b: Stamp): boolean => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

async function stampOf(file: string): Promise<Stamp | null> {
  const info = await stat(file).catch(() => null);
  return info?.isFile() ? { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino } : null;
}

/** One request for a file's `FACT_TAGS` ([Note: one ExifTool request per RAW]). */
export function readFacts(file: string): Promise<Facts> {
  const pending = factsReading.get(file);
  if (pending) return pending;
  const read = (async () => {
    const stamp = await stampOf(file);
    const kept = recentFacts.get(file);
    if (stamp && kept && sameStamp(kept.stamp, stamp)) return kept.facts;
    const facts = await exiftool().readRaw<Facts>(file, { readArgs: ['-fast', '-n', ...FACT_TAGS.map((tag) => `-${tag}`)] });
    if (stamp) {
      recentFacts.delete(file);
      recentFacts.set(file, { stamp, facts });
      if (recentFacts.size > RECENT) recentFacts.delete(recentFacts.keys().next().value as string);
    }
    return facts;
  })();
  factsReading.set(file, read);
  const forget = (): void => {
    factsReading.delete(file);
  };
  read.then(forget, forget);
  return read;
}

/** Ends the ExifTool process, if one was started (the library closing), and forgets what it read. */
export async function closeExiftool(): Promise<void> {
  const running = instance;
  instance = null;
  recentFacts.clear();
  await running?.end();
}

export type { Tags };
