import type { ApiMethod } from './api.js';
import { AppError } from './errors.js';

/**
 * [Note: paths from the page]
 * The core can read an image by path for the CLI (`search --image FILE`, `classify IMAGE`). A page
 * (the renderer over IPC or HTTP) never gets that power: it sends the bytes of a dropped file, or a
 * library photo's id. A folder the engine will read or write (a library folder, a mirror folder, a model
 * to import) is the person's choice, never the page's: every method that takes such a path passes
 * through `guardPagePaths`, and the transport's `ChoosePath` decides what the path really is. The desktop
 * app asks with the OS folder dialog in the main process; the browser mode asks in the terminal that
 * started it or takes a folder under one given with `serve --allow DIR`; without a chooser the call is
 * refused. Transports call this after parsing, before the core; a terminal (the CLI through the library's
 * owner, [Note: one writer per library]) is not a page.
 */

/** Where each method carries a path that names a folder or file: [field, what it is for the person]. */
const PATH_FIELDS: Partial<Record<ApiMethod, { field: string; purpose: string }>> = {
  addRoot: { field: 'path', purpose: 'add this folder to the library' },
  setAlbumMirror: { field: 'folder', purpose: 'let an album put photos into this folder' },
  importModel: { field: 'path', purpose: 'import a model from here' },
  // Not useModel's `dir`: the settings page reloads the serving model by its folder (a folder the person
  // chose with --model); it only loads model files found there and writes nothing.
};

/**
 * Asks the person about a path a page named: resolves with the path to use (the same, or another the
 * person chose), or null when they refused.
 */
export type ChoosePath = (request: { method: ApiMethod; path: string; purpose: string }) => Promise<string | null>;

function refuseFileRead(method: ApiMethod, input: Record<string, unknown>): void {
  const image = input['image'] as Record<string, unknown> | undefined;
  const readsPath =
    (method === 'search' && typeof image?.['path'] === 'string') ||
    (method === 'classify' && typeof input['imagePath'] === 'string');
  if (readsPath) {
    throw new AppError(
      'FORBIDDEN',
      `${method}: the app cannot open a file by its path. Drop the photo onto the window or choose one from the library.`,
    );
  }
}

/** The input a page may send to the core: file reads refused, folders confirmed by the person. */
export async function guardPagePaths<T>(method: ApiMethod, input: T, choose: ChoosePath | null): Promise<T> {
  const record = (input ?? {}) as Record<string, unknown>;
  refuseFileRead(method, record);
  const spec = PATH_FIELDS[method];
  const named = spec === undefined ? undefined : record[spec.field];
  if (spec === undefined || typeof named !== 'string') return input;
  const chosen = choose === null ? null : await choose({ method, path: named, purpose: spec.purpose });
  if (chosen === null) {
    throw new AppError(
      'FORBIDDEN',
      `${method}: the page cannot choose "${named}" on its own. Confirm it where Shoebox was started, start \`shoebox serve --allow <folder>\`, or use the command line.`,
    );
  }
  return { ...record, [spec.field]: chosen } as T;
}

/** Inputs are small JSON objects, except a search by a dropped photo, which carries its bytes (base64). */
export function maxInputBytes(method: ApiMethod): number {
  return method === 'search' || method === 'similarPhotos' ? 64 * 1024 * 1024 : 1024 * 1024;
}
