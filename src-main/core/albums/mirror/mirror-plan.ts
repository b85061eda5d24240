import { randomUUID } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import type { MirrorMode } from '../../../contract/albums.js';
import { AppError } from '../../../contract/errors.js';
import type { FileActionEntry, FileActionStore } from '../../catalog/file-actions-store.js';
import type { PhotoStore } from '../../catalog/photo-store.js';
import { COMPANION_MARK, companionsOf } from '../../library/companions.js';
import { fullHashForCopy } from '../../library/full-hash-later.js';
import { fullHashOfFile } from '../../library/identity.js';
import { isInside } from '../../library/supported-files.js';
import { tempNameFor } from './file-actions.js';
import { exists, freeName } from './file-ops.js';

/** The real path of a folder that may not exist yet: its nearest existing ancestor resolved, the rest appended. */
export async function realFolder(folder: string): Promise<string> {
  let existing = path.resolve(folder);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(existing), ...rest);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.resolve(folder);
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/**
 * Where an album may mirror to: never inside the library's own data folder, and for a move,
 * inside one of the library's folders, so a moved photo stays in the library with its id.
 */
export async function checkMirrorFolder(folder: string, mode: MirrorMode, libraryDir: string, roots: readonly string[]): Promise<string> {
  const real = await realFolder(folder);
  if (isInside(real, await realFolder(libraryDir))) {
    throw new AppError('FORBIDDEN', `${folder} is inside Shoebox's library data folder (${libraryDir}); pick a folder of your own.`);
  }
  if (mode === 'move' && !(await Promise.all(roots.map(realFolder))).some((root) => isInside(real, root))) {
    throw new AppError(
      'INVALID_INPUT',
      `Moving photos to ${folder} would take them out of the library. Add the folder to the library first (shoebox index ${folder}), or use --mode copy.`,
    );
  }
  return real;
}

/** The photos this album has already put in place (and not undone), whose file is still there. */
/** Members already in `folder`: a mirror done into a folder the album used before does not count. */
async function alreadyMirrored(actions: FileActionStore, albumId: string, folder: string): Promise<Set<string>> {
  const done = new Set<string>();
  for (const a of actions.actions()) {
    if (a.album_id !== albumId || a.state !== 'done' || a.reverts !== null || !isInside(a.dest, folder)) continue;
    if (await exists(a.dest)) done.add(a.photo_id);
  }
  return done;
}

export interface PlanInput {
  albumId: string;
  members: ReadonlySet<string>;
  folder: string;
  mode: MirrorMode;
  photos: PhotoStore;
  actions: FileActionStore;
  /** a cancelled run: the members not looked at yet are left (a big album's plan hashes every RAW beside a photo) */
  signal?: AbortSignal | undefined;
}

function intentFor(input: PlanInput, photoId: string, source: string, dest: string, sha256: string): FileActionEntry {
  const actionId = randomUUID();
  return {
    action_id: actionId,
    album_id: input.albumId,
    photo_id: photoId,
    mode: input.mode,
    source,
    dest,
    temp: input.mode === 'link' ? null : tempNameFor(dest, actionId),
    sha256,
    state: 'intent',
    reverts: null,
    message: null,
  };
}

/** One intent per member not yet in the folder, each with a destination name that is free now. */
export async function planMirror(input: PlanInput): Promise<FileActionEntry[]> {
  const done = await alreadyMirrored(input.actions, input.albumId, input.folder);
  const taken = new Set<string>();
  const planned: FileActionEntry[] = [];
  for (const id of input.members) {
    if (input.signal?.aborted === true) break;
    const key = input.photos.key(id);
    if (!key || done.has(id) || isInside(key.path, input.folder)) continue;
    const dest = await freeName(input.folder, path.basename(key.path), taken);
    taken.add(dest);
    planned.push(intentFor(input, id, key.path, dest, await fullHashForCopy(input.photos, key)));
    // a RAW or Live Photo motion beside the photo goes with it, under its new base name ([Note: RAW+JPEG pairs])
    const base = path.basename(dest, path.extname(dest));
    for (const raw of await companionsOf(key.path)) {
      const rawDest = await freeName(input.folder, base + path.extname(raw), taken);
      taken.add(rawDest);
      planned.push(intentFor(input, id + COMPANION_MARK, raw, rawDest, await fullHashOfFile(raw)));
    }
  }
  return planned.sort((a, b) => a.source.localeCompare(b.source));
}
