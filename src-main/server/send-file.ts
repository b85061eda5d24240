import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../contract/errors.js';
import { parseRange, rangeHeaders } from '../http/byte-range.js';
import { SECURITY_HEADERS } from './responses.js';

export interface FileResponse {
  path: string;
  contentType: string;
  cacheControl: string;
  headOnly: boolean;
  extraHeaders?: Record<string, string>;
  /** the request's Range header: see [Note: byte ranges] */
  range?: string | undefined;
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
  const headers = {
    ...SECURITY_HEADERS,
    ...file.extraHeaders,
    'content-type': file.contentType,
    'cache-control': file.cacheControl,
    'accept-ranges': 'bytes',
  };
  const range = parseRange(file.range, info.size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${info.size}`, 'content-length': 0 });
    res.end();
    return;
  }
  if (range === null) res.writeHead(200, { ...headers, 'content-length': info.size });
  else res.writeHead(206, { ...headers, ...rangeHeaders(range, info.size) });
  if (file.headOnly) {
    res.end();
    return;
  }
  // A client that goes away mid-transfer rejects the pipeline; nothing is left to answer then.
  const stream = range === null ? createReadStream(file.path) : createReadStream(file.path, range);
  await pipeline(stream, res).catch(() => undefined);
}
