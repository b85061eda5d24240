import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Album, AlbumFilters } from '../../contract/albums.js';
import { AppError } from '../../contract/errors.js';
import type { Core } from '../../core/core.js';
import { quickHash } from '../../core/library/identity.js';
import { stringFlag, UsageError, type ParsedArgs } from '../args.js';

/** An album named by id or by (case-insensitive) name. */
export async function resolveAlbum(core: Core, ref: string | undefined): Promise<Album> {
  if (ref === undefined) throw new UsageError('name the album (its id or name; see shoebox album list)');
  const albums = await core.listAlbums({});
  const found = albums.find((a) => a.id === ref) ?? albums.find((a) => a.name.toLowerCase() === ref.toLowerCase());
  if (!found) throw new AppError('NOT_FOUND', `No album with id or name "${ref}". List albums with: shoebox album list`);
  return found;
}

/** A photo named by id or by the path of its file. */
export async function resolvePhoto(core: Core, ref: string): Promise<string> {
  const byId = await core.getPhoto({ id: ref }).catch(() => null);
  if (byId) return byId.id;
  const file = path.resolve(ref);
  const info = await stat(file).catch(() => null);
  if (!info) throw new AppError('NOT_FOUND', `"${ref}" is neither a photo id nor a file. Find ids with: shoebox search --json`);
  // A photo's id is its content hash unless a copy was there first; then page through the library.
  const guess = await core.getPhoto({ id: await quickHash(file, info.size) }).catch(() => null);
  if (guess?.path === file) return guess.id;
  for (let offset = 0; ; offset += 1000) {
    const page = await core.listPhotos({ offset, limit: 1000 });
    const hit = page.photos.find((p) => p.path === file);
    if (hit) return hit.id;
    if (offset + 1000 >= page.total) break;
  }
  throw new AppError('NOT_FOUND', `${file} is not in the library. Index its folder first: shoebox index FOLDER`);
}

export function numberFlag(args: ParsedArgs, name: string): number | undefined {
  const value = stringFlag(args, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} must be a number, not "${value}"`);
  return n;
}

export function listFlag(args: ParsedArgs, name: string): string[] | undefined {
  return args.lists.get(name);
}

/** --folder, --from, --to as album filters; undefined when none is given. */
export function filtersFrom(args: ParsedArgs): AlbumFilters | undefined {
  const filters: AlbumFilters = {};
  const folder = stringFlag(args, 'folder');
  const from = stringFlag(args, 'from');
  const to = stringFlag(args, 'to');
  if (folder !== undefined) filters.folder = path.resolve(folder);
  if (from !== undefined) filters.from = from;
  if (to !== undefined) filters.to = to;
  return Object.keys(filters).length > 0 ? filters : undefined;
}
