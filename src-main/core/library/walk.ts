import { lstat, opendir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FailedPhoto } from '../../contract/library.js';
import { isIgnoredName, isInside, isPhotoFile } from './supported-files.js';

export interface FoundFile {
  path: string;
  size: number;
  mtime: number;
}

export interface WalkOptions {
  /** Folders never entered (the library's own data folder). */
  exclude: readonly string[];
  onError?: (filePath: string, error: NodeJS.ErrnoException) => void;
  /** which files to list: the photos the library indexes unless told otherwise */
  accept?: (filePath: string) => boolean;
}

/**
 * Lists the photo files under `root`, links left out ([Note: links in roots]); each real folder is
 * entered at most one time.
 */
export async function* walkPhotos(root: string, options: WalkOptions): AsyncGenerator<FoundFile> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    let real: string;
    try {
      real = await realpath(dir);
    } catch (error) {
      options.onError?.(dir, error as NodeJS.ErrnoException);
      continue;
    }
    if (seen.has(real) || options.exclude.some((ex) => isInside(real, ex) || isInside(dir, ex))) continue;
    seen.add(real);
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      options.onError?.(dir, error as NodeJS.ErrnoException);
      continue;
    }
    const subdirs: string[] = [];
    for await (const entry of handle) {
      if (isIgnoredName(entry.name)) continue;
      const full = path.join(dir, entry.name);
      // No link is followed ([Note: links in roots]); a FIFO or device with a photo's name goes on to
      // the indexer's gate, which reports it instead of skipping it in silence.
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) {
        subdirs.push(full);
      } else if ((options.accept ?? isPhotoFile)(full)) {
        const found = await statEntry(full, options);
        if (found) yield found;
      }
    }
    stack.push(...subdirs.sort().reverse());
  }
}

async function statEntry(full: string, options: WalkOptions): Promise<FoundFile | null> {
  try {
    const info = await lstat(full);
    return { path: full, size: info.size, mtime: info.mtimeMs };
  } catch (error) {
    options.onError?.(full, error as NodeJS.ErrnoException);
    return null;
  }
}

/** A folder or name a walk could not read, as the scan reports it. */
export function walkProblem(where: string, error: NodeJS.ErrnoException): FailedPhoto {
  const message = where.includes('\uFFFD')
    ? `${where}: this name is not valid text in this system's encoding, so it cannot be opened. Rename it.`
    : `${where} cannot be read (${error.code ?? error.message}). Check its permissions.`;
  return { id: where, path: where, code: 'FILE_UNREADABLE', message };
}
