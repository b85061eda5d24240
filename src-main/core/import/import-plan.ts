import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { ImportCandidate, ImportPlan, ImportSkip, MediaKind } from '../../contract/imports.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import { confirmedFullHash } from '../library/full-hash-later.js';
import { quickHashWithHead } from '../library/identity.js';
import { isInside } from '../library/supported-files.js';
import { walkPhotos, type FoundFile } from '../library/walk.js';
import { digestFile } from '../util/atomic-file.js';
import { expandPattern, takenWallClock } from './import-pattern.js';

/** Video containers, counted apart from photos; which files are imported at all is the library's own predicate (walkPhotos). */
const VIDEO_EXTENSIONS = new Set(['.mp4', '.mov', '.m4v', '.avi', '.mts', '.m2ts', '.3gp', '.mkv', '.webm']);

export function mediaKind(file: string): MediaKind {
  return VIDEO_EXTENSIONS.has(path.extname(file).toLowerCase()) ? 'video' : 'photo';
}

/** A candidate plus what the copy needs and the contract does not show. */
export interface PlannedFile extends ImportCandidate {
  /** modification time when planned: the copy refuses a file that changed since */
  mtime: number;
  quickHash: string;
  /** the full SHA-256 when planning had to read it (to confirm a duplicate); else computed before the copy */
  sha256: string | null;
}

export interface PlanContext {
  sources: string[];
  destination: string;
  pattern: string;
  libraryDir: string;
  /** the library's photos (null while it has no model: then only earlier imports count as known) */
  photos: PhotoStore | null;
  /** quick hash → full hashes of what earlier imports copied and did not undo */
  imported: ReadonlyMap<string, ReadonlySet<string>>;
  /** a file modified more recently than this is still being written and waits for the next import */
  busyMs: number;
  /** true once the import was cancelled: the files not read yet are left unread (the plan is then incomplete) */
  stopped?: () => boolean;
  /** told the files found to read (how many, their bytes) before any is read: a bound on what the import copies */
  onFound?: (files: number, bytes: number) => void;
  /** told each file found new as soon as it is decided, in the plan's order: the copy starts with it */
  onFile?: (file: PlannedFile) => void;
  /**
   * path → "size:mtime" of files found known on an earlier look (an import folder looked at every
   * few seconds): unchanged, they are counted known without reading them again. Updated in place.
   */
  seen?: Map<string, string>;
}

export interface InternalPlan extends ImportPlan {
  files: PlannedFile[];
}

function errnoOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ?? e.message;
}

function unreadable(file: string, error: unknown): ImportSkip {
  return { path: file, code: 'FILE_UNREADABLE', message: `${file} cannot be read (${errnoOf(error)}); it was left on the source. Check the card or the file's permissions.` };
}

/** Resolves the sources the person named: each must exist; none may be (or hold) the destination or the library's data. */
export async function resolveSources(sources: readonly string[], destination: string, libraryDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const source of sources) {
    const real = await realpath(path.resolve(source)).catch(() => {
      throw new AppError('ROOT_NOT_FOUND', `${source} does not exist. Check the path, or insert the card again.`);
    });
    if (isInside(real, destination)) throw new AppError('INVALID_INPUT', `${source} is inside the import destination ${destination}; choose another source.`);
    if (isInside(real, libraryDir)) throw new AppError('FORBIDDEN', `${source} is inside Shoebox's library data folder.`);
    out.push(real);
  }
  return out;
}

async function* filesOf(source: string, exclude: string[], skipped: ImportSkip[]): AsyncGenerator<FoundFile> {
  const info = await stat(source);
  if (info.isFile()) {
    yield { path: source, size: info.size, mtime: info.mtimeMs };
    return;
  }
  yield* walkPhotos(source, { exclude, onError: (file, error) => skipped.push(unreadable(file, error)) });
}

const stampOf = (file: FoundFile): string => `${file.size}:${file.mtime}`;

/** The full hashes of the library's photos with this sampled hash (those left for later computed now). */
async function libraryHashes(photos: PhotoStore | null, quickHash: string): Promise<string[]> {
  const out: string[] = [];
  if (photos === null) return out;
  for (const key of photos.keysByContent(quickHash)) {
    const hash = await confirmedFullHash(photos, key);
    if (hash !== null) out.push(hash);
  }
  return out;
}

/** A found file with what the plan reads of it: its sampled hash and its taken date. */
async function describe(ctx: PlanContext, found: FoundFile): Promise<PlannedFile> {
  // one open for both: the quick hash's first block holds a camera JPEG's EXIF
  const { quick, head } = await quickHashWithHead(found.path, found.size);
  const { when, takenAt } = await takenWallClock(found.path, found.mtime, head);
  return {
    path: found.path, size: found.size, mtime: found.mtime, kind: mediaKind(found.path), takenAt,
    target: path.join(expandPattern(ctx.pattern, when), path.basename(found.path)), quickHash: quick, sha256: null,
  };
}

/**
 * `work` over `items`, a few at a time: one promise per item, in the items' order, for its answer (or its
 * error), or undefined for the items not read once `stopped`.
 */
function readAhead<T, R>(items: readonly T[], work: (item: T) => Promise<R>, stopped: () => boolean, width = 4): Promise<R | Error | undefined>[] {
  const answers = items.map(() => {
    let answer: (value: R | Error | undefined) => void = () => undefined;
    const promise = new Promise<R | Error | undefined>((resolve) => (answer = resolve));
    return { promise, answer };
  });
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) {
      const slot = answers[i];
      if (stopped()) slot?.answer(undefined);
      else slot?.answer(await work(items[i] as T).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
    }
  };
  void Promise.all(Array.from({ length: width }, worker));
  return answers.map((a) => a.promise);
}

/**
 * Decides what an import copies (see [Note: import log]): every supported file of the sources
 * whose content is not in the library already (quick hash, confirmed by the full SHA-256),
 * once per content, with the folder its taken date gives it.
 */
export async function planImport(ctx: PlanContext): Promise<InternalPlan> {
  const plan: InternalPlan = {
    sources: ctx.sources, destination: ctx.destination, pattern: ctx.pattern, candidates: [], files: [],
    photos: 0, videos: 0, bytes: 0, alreadyInLibrary: 0, duplicatesInSource: 0, skipped: [],
  };
  const byQuick = new Map<string, PlannedFile[]>();
  const sha = async (file: PlannedFile): Promise<string> => (file.sha256 ??= (await digestFile(file.path)).sha256);
  const now = Date.now();
  const found: FoundFile[] = [];
  for (const source of ctx.sources) {
    for await (const file of filesOf(source, [ctx.libraryDir, ctx.destination], plan.skipped)) {
      if (now - file.mtime < ctx.busyMs) {
        plan.skipped.push({ path: file.path, code: 'FILE_BUSY', message: `${file.path} is still being written; it will be imported next time.` });
      } else if (ctx.seen?.get(file.path) === stampOf(file)) {
        plan.alreadyInLibrary += 1;
      } else {
        found.push(file);
      }
    }
  }
  // In path order, which is the order names are given in; each file's sampled hash and taken date are
  // read a few files at a time (a card answers several reads at once), and what is new is decided in
  // order as they come, each handed to the copy at once.
  found.sort((a, b) => a.path.localeCompare(b.path));
  ctx.onFound?.(found.length, found.reduce((sum, f) => sum + f.size, 0));
  for (const [i, reading] of readAhead(found, (file) => describe(ctx, file), ctx.stopped ?? (() => false)).entries()) {
    const read = await reading;
    const info = found[i];
    // (a file left unread by a cancel: the plan is not used)
    if (info === undefined || read === undefined) continue;
    if (read instanceof Error) {
      plan.skipped.push(unreadable(info.path, read));
      continue;
    }
    const file = read;
    try {
      const known = [...(await libraryHashes(ctx.photos, file.quickHash)), ...(ctx.imported.get(file.quickHash) ?? [])];
      if (known.length > 0 && known.includes(await sha(file))) {
        plan.alreadyInLibrary += 1;
        ctx.seen?.set(file.path, stampOf(info));
        continue;
      }
      const twins = byQuick.get(file.quickHash) ?? [];
      let twin = false;
      for (const other of twins) if ((await sha(other)) === (await sha(file))) twin = true;
      if (twin) {
        plan.duplicatesInSource += 1;
        continue;
      }
      twins.push(file);
      byQuick.set(file.quickHash, twins);
      plan.files.push(file);
      ctx.onFile?.(file);
    } catch (error) {
      plan.skipped.push(unreadable(file.path, error));
    }
  }
  for (const file of plan.files) {
    plan.bytes += file.size;
    if (file.kind === 'video') plan.videos += 1;
    else plan.photos += 1;
    plan.candidates.push({ path: file.path, size: file.size, kind: file.kind, takenAt: file.takenAt, target: file.target });
  }
  return plan;
}
