import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { SettingsStore } from './settings.js';
import { isInside } from './supported-files.js';

/** Resolves a folder the person named into the real, absolute path Shoebox stores. */
export async function resolveRootFolder(input: string, libraryDir: string): Promise<string> {
  const absolute = path.resolve(input.startsWith('~') ? input.replace(/^~/, process.env['HOME'] ?? '~') : input);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    throw new AppError('ROOT_NOT_FOUND', `The folder ${absolute} does not exist. Check the path, or connect its drive.`);
  }
  const info = await stat(real);
  if (!info.isDirectory()) throw new AppError('ROOT_NOT_FOUND', `${absolute} is a file, not a folder. Choose the folder that holds the photos.`);
  if (isInside(real, libraryDir)) {
    throw new AppError('ROOT_OVERLAPS', `${absolute} is inside Shoebox's own library folder (${libraryDir}). Choose a photo folder elsewhere.`);
  }
  return real;
}

/** Adds a root unless it is already covered; a root inside another root (or around it) is refused. */
export async function addRoot(settings: SettingsStore, folder: string): Promise<{ path: string; addedAt: string; isNew: boolean }> {
  const roots = settings.get().roots;
  const same = roots.find((r) => r.path === folder);
  if (same) return { ...same, isNew: false };
  const overlap = roots.find((r) => isInside(folder, r.path) || isInside(r.path, folder));
  if (overlap) {
    throw new AppError(
      'ROOT_OVERLAPS',
      `${folder} overlaps the library folder ${overlap.path}. Remove that one first, or add only one of them.`,
    );
  }
  const entry = { path: folder, addedAt: new Date().toISOString() };
  await settings.update((draft) => {
    draft.roots.push(entry);
  });
  return { ...entry, isNew: true };
}

export async function removeRoot(settings: SettingsStore, folder: string): Promise<string> {
  const absolute = path.resolve(folder);
  const match = settings.get().roots.find((r) => r.path === absolute || r.path === folder);
  if (!match) throw new AppError('NOT_FOUND', `${folder} is not one of the library's folders.`);
  await settings.update((draft) => {
    draft.roots = draft.roots.filter((r) => r.path !== match.path);
  });
  return match.path;
}
