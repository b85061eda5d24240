import { opendir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
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
}

/**
 * Lists the photo files under `root`. Symlinked folders are followed once: each real folder is
 * entered at most one time, so a link loop ends instead of hanging.
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
      if (entry.isDirectory()) {
        subdirs.push(full);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const found = await statEntry(full, options);
        if (found === 'dir') subdirs.push(full);
        else if (found && isPhotoFile(full)) yield found;
      }
    }
    stack.push(...subdirs.sort().reverse());
  }
}

async function statEntry(full: string, options: WalkOptions): Promise<FoundFile | 'dir' | null> {
  try {
    const info = await stat(full);
    if (info.isDirectory()) return 'dir';
    if (!info.isFile()) return null;
    return { path: full, size: info.size, mtime: info.mtimeMs };
  } catch (error) {
    options.onError?.(full, error as NodeJS.ErrnoException);
    return null;
  }
}
