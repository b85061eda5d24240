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

/** Where each method carries paths that name a folder or file: field (a path or a list of them) → what it is for the person. */
const PATH_FIELDS: Partial<Record<ApiMethod, Record<string, string>>> = {
  addRoot: { path: 'add this folder to the library' },
  setAlbumMirror: { folder: 'let an album put photos into this folder' },
  importModel: { path: 'import a model from here' },
  planImport: { sources: 'import photos from here', to: 'copy imported photos into this folder' },
  startImport: { sources: 'import photos from here', to: 'copy imported photos into this folder' },
  addImportFolder: { path: 'import whatever arrives in this folder' },
  setImportSettings: { folder: 'copy imported photos into this folder' },
  exportCopies: { folder: 'export copies of photos into this folder' },
  // The settings page reloads the serving model by its id, wherever its folder is; a folder is the person's.
  useModel: { dir: 'load a model from this folder' },
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
  if (spec === undefined) return input;
  const confirmed: Record<string, unknown> = { ...record };
  const confirm = async (named: string, purpose: string): Promise<string> => {
    const chosen = choose === null ? null : await choose({ method, path: named, purpose });
    if (chosen === null) {
      throw new AppError(
        'FORBIDDEN',
        `${method}: the page cannot choose "${named}" on its own. Confirm it where Shoebox was started, start \`shoebox serve --allow <folder>\`, or use the command line.`,
      );
    }
    return chosen;
  };
  for (const [field, purpose] of Object.entries(spec)) {
    const named = record[field];
    if (typeof named === 'string') confirmed[field] = await confirm(named, purpose);
    else if (Array.isArray(named)) {
      const list: string[] = [];
      for (const item of named) list.push(typeof item === 'string' ? await confirm(item, purpose) : (item as string));
      confirmed[field] = list;
    }
  }
  return confirmed as T;
}

/** Inputs are small JSON objects, except a search by a dropped photo, which carries its bytes (base64). */
export function maxInputBytes(method: ApiMethod): number {
  return method === 'search' || method === 'similarPhotos' ? 64 * 1024 * 1024 : 1024 * 1024;
}
