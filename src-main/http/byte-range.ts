/*
 * [Note: byte ranges]
 * A <video> element asks for its file in pieces (`Range: bytes=start-end`) to start mid-way and to seek, so
 * both photo transports answer ranges: the HTTP server (sendFile) and Electron's photo:// handler. One parser
 * serves both. Only a single range is honoured (what browsers send for media); several ranges, or one that
 * the header does not spell as bytes, get the whole file, as RFC 9110 allows; a range past the end is 416.
 */

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | null;

/** The inclusive byte range a Range header asks of a file of `size` bytes; null: send the whole file. */
export function parseRange(header: string | null | undefined, size: number): ByteRange {
  if (header === null || header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  if (first === '') {
    // the last N bytes
    const length = Math.min(Number(last), size);
    return length === 0 ? 'unsatisfiable' : { start: size - length, end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return 'unsatisfiable';
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return end < start ? null : { start, end };
}

/** The headers of a partial answer. */
export function rangeHeaders(range: { start: number; end: number }, size: number): Record<string, string> {
  return { 'content-range': `bytes ${range.start}-${range.end}/${size}`, 'content-length': String(range.end - range.start + 1) };
}
