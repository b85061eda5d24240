import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../contract/errors.js';

/**
 * [Note: only regular files are read]
 * A name ending in .jpg can be a FIFO (reading it blocks until a writer comes, forever), a link to
 * /dev/zero (endless bytes), a socket or a device. Every path Shoebox reads a photo from (indexing, watching,
 * `search --image`, `classify`, thumbnails) opens it here: non-blocking, so opening a FIFO returns at once;
 * then fstat of the open handle, so what is checked is what is read, even if the name was swapped; then at
 * most the size fstat gave, under a size budget and a time budget. Links are followed (the CLI may name one);
 * whether the indexer takes files reached through links is decided in the indexer ([Note: links in roots]).
 */
export const MAX_READ_BYTES = 1024 * 1024 * 1024;
export const READ_TIMEOUT_MS = 60_000;

export interface ReadBudget {
  maxBytes?: number;
  timeoutMs?: number;
}

function describeKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  return 'not a regular file';
}

export function notRegular(file: string, info: Stats): AppError {
  return new AppError(
    'FILE_UNREADABLE',
    `${file} is ${describeKind(info)}, not a photo file; Shoebox reads only ordinary files. Remove it or point to the photo itself.`,
    // A folder keeps the errno that reading it would have given, as callers and messages know it.
    info.isDirectory() ? { file, kind: describeKind(info), errno: 'EISDIR' } : { file, kind: describeKind(info) },
  );
}

/** Opens `file` for reading without blocking and checks the open handle is a regular file within budget. */
export async function openRegularFile(file: string, maxBytes = MAX_READ_BYTES): Promise<{ handle: FileHandle; info: Stats }> {
  // Windows has no O_NONBLOCK (and no FIFOs in the file system).
  const handle = await open(file, constants.O_RDONLY | ((constants as Partial<typeof constants>).O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notRegular(file, info);
    if (info.size > maxBytes) {
      throw new AppError(
        'IMAGE_TOO_LARGE',
        `${file} is ${Math.round(info.size / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB Shoebox reads at once.`,
      );
    }
    return { handle, info };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function withDeadline<T>(work: Promise<T>, file: string, timeoutMs: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new AppError('FILE_UNREADABLE', `Reading ${file} took over ${Math.round(timeoutMs / 1000)} s; is its disk or network share still there?`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The bytes of a regular file: at most the size it had when opened, within the budgets. */
export async function readRegularFile(file: string, budget: ReadBudget = {}): Promise<Buffer> {
  const { handle, info } = await openRegularFile(file, budget.maxBytes);
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    void handle.close().catch(() => undefined);
  };
  const read = (async () => {
    const buffer = Buffer.allocUnsafe(info.size);
    let filled = 0;
    while (filled < info.size) {
      const { bytesRead } = await handle.read(buffer, filled, info.size - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === info.size ? buffer : buffer.subarray(0, filled);
  })();
  try {
    return await withDeadline(read, file, budget.timeoutMs ?? READ_TIMEOUT_MS, close);
  } finally {
    close();
  }
}
