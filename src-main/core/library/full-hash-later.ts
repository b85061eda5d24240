import { stat } from 'node:fs/promises';
import type { PhotoKey, PhotoStore } from '../catalog/photo-store.js';
import { fullHashOfFile } from './identity.js';

/**
 * [Note: full hash later]
 * A photo's full SHA-256 ([Note: photo identity]) costs nothing extra when indexing reads the whole
 * file for its pixels (a JPEG, a HEIC: the bytes in memory are hashed). A RAW is indexed from its
 * embedded preview and a video from a few frames, so hashing them means reading the whole file for
 * nothing else: 25 ms of SHA-256 for a 55 MB DNG (a fifth of its indexing), half a second for a 1 GB
 * clip. Their rows are written with the full hash left for later (`FULL_HASH_LATER`, the empty
 * string), so they are searchable sooner, and the hash is computed:
 * - when something needs it: a file that shares the photo's sampled hash (a copy, a move, an import
 *   of the same card again), a move to the trash or a mirror (the copy is verified against it), the
 *   duplicates finder (byte-identical copies); `confirmedFullHash` reads it from the photo's file if
 *   that file is still the one indexed (same size and time), and keeps it;
 * - otherwise after a scan, when the indexing queue is idle, one file at a time (`fillLaterHashes`),
 *   stopping as soon as indexing starts again or the library closes; the next scan goes on.
 * One case cannot be confirmed by bytes: a RAW or video moved (its old file gone) before its hash was
 * computed. Then a file with the same sampled hash, size and modification time is taken as the same
 * photo (a move by `mv`, Finder or Explorer keeps all three); a move that also changes the time is
 * indexed as a new photo, as an edited file would be.
 */
export const FULL_HASH_LATER = '';

/**
 * The photo's full hash; when indexing left it for later, computed now from the photo's file and kept.
 * Null when that file is gone or is no longer the one indexed (another size or time).
 */
export async function confirmedFullHash(photos: PhotoStore, key: PhotoKey): Promise<string | null> {
  if (key.fullHash !== FULL_HASH_LATER) return key.fullHash;
  const info = await stat(key.path).catch(() => null);
  if (info?.isFile() !== true || info.size !== key.size || info.mtimeMs !== key.mtime) return null;
  const hash = await fullHashOfFile(key.path).catch(() => null);
  if (hash !== null) await photos.setFullHash(key.id, hash);
  return hash;
}

/**
 * A catalogued photo with the same bytes as `found` (a file with its sampled hash), confirmed by the full
 * hash; one whose full hash was left for later and whose file is gone (a move) by its size and time.
 */
export async function sameBytes(photos: PhotoStore, contentHash: string, found: { path: string; size: number; mtime: number }): Promise<PhotoKey | undefined> {
  const candidates = photos.keysByContent(contentHash);
  if (candidates.length === 0) return undefined;
  const full = await fullHashOfFile(found.path).catch(() => null);
  if (full === null) return undefined;
  for (const c of candidates) {
    if (c.fullHash !== FULL_HASH_LATER) {
      if (c.fullHash === full) return c;
    } else if (await stat(c.path).then(() => true, () => false)) {
      if ((await confirmedFullHash(photos, c)) === full) return c;
    } else if (c.size === found.size && c.mtime === found.mtime) {
      return c;
    }
  }
  return undefined;
}

/**
 * The full hash a copy of this photo's file is verified against: the photo's own, or, left for later
 * and its file changed since, that of the bytes there now (what the copy will hold).
 */
export async function fullHashForCopy(photos: PhotoStore, key: PhotoKey): Promise<string> {
  return (await confirmedFullHash(photos, key)) ?? fullHashOfFile(key.path);
}

/**
 * Computes the full hashes indexing left for later, one file at a time, until none is left or
 * `stopped()` says to stop (indexing started again, the library is closing). Returns how many.
 */
export async function fillLaterHashes(photos: PhotoStore, stopped: () => boolean): Promise<number> {
  let filled = 0;
  for (const id of await photos.idsWithFullHashLater()) {
    if (stopped()) break;
    const key = photos.key(id);
    if (key?.fullHash !== FULL_HASH_LATER) continue;
    if ((await confirmedFullHash(photos, key)) !== null) filled += 1;
  }
  return filled;
}

/**
 * Runs `fillLaterHashes` once indexing has been idle for `delayMs` since the last `soon()` (a scan's end);
 * a pass cut short by indexing starting again is tried again later. `stop` ends it for good (the library closes).
 */
export class LaterHashes {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly photos: PhotoStore,
    private readonly busy: () => boolean,
    private readonly delayMs: number,
  ) {}

  soon(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.running
        .then(() => fillLaterHashes(this.photos, () => this.stopped || this.busy()))
        .then(
          () => {
            if (this.busy()) this.soon();
          },
          (error: unknown) => console.error(`shoebox: computing the full hashes left for later failed: ${String(error)}`),
        );
    }, this.delayMs);
  }

  /** Resolves once the pass under way, if any, is over. */
  settled(): Promise<void> {
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
