import type { ApiMethod } from './api.js';
import { AppError } from './errors.js';

/**
 * [Note: paths from the page]
 * The core can read an image by path for the CLI (`search --image FILE`, `classify IMAGE`). A page
 * (the renderer over IPC or HTTP) never gets that power: it sends the bytes of a dropped file, or a
 * library photo's id. Folders the person adds (`addRoot`) and model imports are explicit choices and
 * stay allowed. Transports call this after parsing, before the core.
 */
export function refuseFilePathsFromPage(method: ApiMethod, input: unknown): void {
  const record = (input ?? {}) as Record<string, unknown>;
  const image = record['image'] as Record<string, unknown> | undefined;
  const readsPath =
    (method === 'search' && typeof image?.['path'] === 'string') ||
    (method === 'classify' && typeof record['imagePath'] === 'string');
  if (readsPath) {
    throw new AppError(
      'FORBIDDEN',
      `${method}: the app cannot open a file by its path. Drop the photo onto the window or choose one from the library.`,
    );
  }
}

/** Inputs are small JSON objects, except a search by a dropped photo, which carries its bytes (base64). */
export function maxInputBytes(method: ApiMethod): number {
  return method === 'search' || method === 'similarPhotos' ? 64 * 1024 * 1024 : 1024 * 1024;
}
