import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseRange, rangeHeaders } from '../http/byte-range.js';

const PHOTO_CACHE = 'private, max-age=86400';

/** A photo's or video's bytes, whole or the one range a <video> asks for ([Note: byte ranges]). */
export async function fileResponse(file: string, mime: string, rangeHeader: string | null): Promise<Response> {
  const headers = { 'content-type': mime, 'cache-control': PHOTO_CACHE, 'x-content-type-options': 'nosniff', 'accept-ranges': 'bytes' };
  const size = (await stat(file)).size;
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` } });
  const stream = range === null ? createReadStream(file) : createReadStream(file, range);
  const body = Readable.toWeb(stream) as ReadableStream<Uint8Array>;
  if (range === null) return new Response(body, { headers: { ...headers, 'content-length': String(size) } });
  return new Response(body, { status: 206, headers: { ...headers, ...rangeHeaders(range, size) } });
}
