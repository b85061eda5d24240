import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../contract/errors.js';
import { SECURITY_HEADERS } from './responses.js';

export interface FileResponse {
  path: string;
  contentType: string;
  cacheControl: string;
  headOnly: boolean;
  extraHeaders?: Record<string, string>;
}

/** Streams one regular file; the caller has already decided the path is one it may serve. */
export async function sendFile(res: ServerResponse, file: FileResponse): Promise<void> {
  const info = await stat(file.path).catch((error: unknown) => {
    throw new AppError(
      'NOT_FOUND',
      `${file.path} is missing; if it is a photo, rescan the library.`,
      undefined,
      { cause: error },
    );
  });
  if (!info.isFile()) throw new AppError('NOT_FOUND', `${file.path} is not a file.`);
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    ...file.extraHeaders,
    'content-type': file.contentType,
    'content-length': info.size,
    'cache-control': file.cacheControl,
  });
  if (file.headOnly) {
    res.end();
    return;
  }
  // A client that goes away mid-transfer rejects the pipeline; nothing is left to answer then.
  await pipeline(createReadStream(file.path), res).catch(() => undefined);
}
