import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { FileActionRow } from '../catalog/album-schemas.js';
import type { FileActionEntry } from '../catalog/file-actions-store.js';
import { entryOf, type FileActionDeps } from '../albums/mirror/file-actions.js';
import { CollisionError, freeName, placeNoClobber, SourceChangedError } from '../albums/mirror/file-ops.js';
import { digestFile } from '../util/atomic-file.js';

/** Files up to this size are read whole, so the copy is checked against the very bytes read (memcmp, no second hash). */
const WHOLE_FILE_BYTES = 64 * 1024 * 1024;

async function sameAsPlanned(source: string, planned: { size: number; mtime: number }): Promise<void> {
  const now = await stat(source);
  if (!now.isFile() || now.size !== planned.size || now.mtimeMs !== planned.mtime) {
    throw new SourceChangedError(`${source} changed since the import looked at it (is it still being written?); it was left for the next import.`);
  }
}

async function writeSynced(temp: string, write: (out: import('node:fs/promises').FileHandle) => Promise<void>): Promise<void> {
  const out = await open(temp, 'wx');
  try {
    await write(out);
    await out.sync();
  } finally {
    await out.close();
  }
}

/**
 * Copies `source` to the hidden `temp` (which must not exist), fsynced, and proves the copy: a file
 * up to 64 MB is read once, hashed, written, and the copy read back and compared byte for byte with
 * what was read; a bigger one is streamed and the copy hashed again. The source must still be the
 * file the plan saw (size and time, before and after). One SHA-256 pass for a photo, not three: the
 * hash the log needs is the one of the bytes actually copied. Returns that SHA-256.
 */
export async function copyStaged(source: string, temp: string, planned: { size: number; mtime: number }): Promise<string> {
  try {
    await sameAsPlanned(source, planned);
    let sha256: string;
    if (planned.size <= WHOLE_FILE_BYTES) {
      const bytes = await readFile(source);
      sha256 = createHash('sha256').update(bytes).digest('hex');
      await writeSynced(temp, async (out) => {
        await out.write(bytes);
      });
      if (!(await readFile(temp)).equals(bytes)) throw new Error(`the copy of ${source} at ${temp} does not read back intact (disk error?)`);
    } else {
      const hash = createHash('sha256');
      await writeSynced(temp, async (out) => {
        for await (const chunk of createReadStream(source)) {
          hash.update(chunk as Buffer);
          await out.write(chunk as Buffer);
        }
      });
      sha256 = hash.digest('hex');
      if ((await digestFile(temp)).sha256 !== sha256) throw new Error(`the copy of ${source} at ${temp} does not read back intact (disk error?)`);
    }
    await sameAsPlanned(source, planned);
    const times = await stat(source);
    await utimes(temp, times.atime, times.mtime);
    return sha256;
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Gives a staged, logged copy its final name; a name taken meanwhile is re-logged under a free one. */
export async function placeStaged(deps: FileActionDeps, staged: FileActionRow): Promise<FileActionEntry> {
  let row = staged;
  const temp = row.temp ?? '';
  for (;;) {
    try {
      await placeNoClobber(temp, row.dest);
      return { ...entryOf(row), state: 'done', message: null };
    } catch (error) {
      if (!(error instanceof CollisionError)) {
        await rm(temp, { force: true });
        return { ...entryOf(row), state: 'failed', message: error instanceof Error ? error.message : String(error) };
      }
      const dest = await freeName(path.dirname(row.dest), path.basename(row.dest), new Set([row.dest]));
      [row = row] = await deps.actions.record([{ ...entryOf(row), dest }]);
    }
  }
}
