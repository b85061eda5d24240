import { watch, type FSWatcher } from 'chokidar';
import type { Stats } from 'node:fs';
import { isIgnoredPath, isPhotoFile } from './supported-files.js';

export type WatchEvent =
  | { kind: 'upsert'; path: string; size: number; mtime: number }
  | { kind: 'unlink'; path: string }
  /** a folder that appeared: chokidar may miss files written into it before it watches it */
  | { kind: 'folder'; path: string };

export interface FolderWatcher {
  ready: Promise<void>;
  add(root: string): void;
  remove(root: string): Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  roots: readonly string[];
  exclude: readonly string[];
  onEvent: (event: WatchEvent) => void;
  onError: (error: Error) => void;
  /** How long a file's size must stay unchanged before it counts as written. */
  stableMs?: number;
}

/**
 * Continuous watch of the library roots. The initial scan is done by `walkPhotos` (it also
 * runs for one-shot indexing), so chokidar only reports changes. `awaitWriteFinish` holds a
 * file back until its size stops changing: a camera import still being copied is never
 * half-read. Moves arrive as unlink + add and are paired up by the indexer (identity by content).
 */
export function watchFolders(options: WatchOptions): FolderWatcher {
  const roots = [...options.roots];
  const ignored = (filePath: string, stats?: Stats): boolean => {
    const root = roots.find((r) => filePath.startsWith(r));
    if (root !== undefined && isIgnoredPath(filePath, root, options.exclude)) return true;
    // Links are not followed ([Note: links in roots]); handing them to chokidar at all loses events in their folder.
    if (stats?.isSymbolicLink() === true) return true;
    return stats?.isFile() === true && !isPhotoFile(filePath);
  };
  const watcher: FSWatcher = watch(roots, {
    ignoreInitial: true,
    // [Note: links in roots]: a link is not followed, so `dir/parent -> ..` made while watching loops nothing.
    followSymlinks: false,
    ignored,
    awaitWriteFinish: { stabilityThreshold: options.stableMs ?? 1500, pollInterval: 100 },
  });
  const emitUpsert = (filePath: string, stats?: Stats): void => {
    if (!isPhotoFile(filePath)) return;
    if (stats) options.onEvent({ kind: 'upsert', path: filePath, size: stats.size, mtime: stats.mtimeMs });
    else options.onEvent({ kind: 'upsert', path: filePath, size: -1, mtime: -1 });
  };
  watcher.on('add', emitUpsert);
  watcher.on('change', emitUpsert);
  watcher.on('unlink', (filePath) => {
    if (isPhotoFile(filePath)) options.onEvent({ kind: 'unlink', path: filePath });
  });
  watcher.on('addDir', (dirPath) => {
    if (!roots.includes(dirPath)) options.onEvent({ kind: 'folder', path: dirPath });
  });
  watcher.on('unlinkDir', (dirPath) => {
    options.onEvent({ kind: 'unlink', path: dirPath });
  });
  watcher.on('error', (error) => {
    options.onError(error instanceof Error ? error : new Error(String(error)));
  });
  // chokidar never says 'ready' for an empty list (a new library): nothing to wait for then.
  const ready =
    roots.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    add(root) {
      roots.push(root);
      watcher.add(root);
    },
    remove(root) {
      roots.splice(roots.indexOf(root), 1);
      watcher.unwatch(root);
      return Promise.resolve();
    },
    close: () => watcher.close(),
  };
}
