/** What a walk over a JPEG's header finds at one place in the bytes read so far. */
export type JpegStep =
  /** fewer than the four bytes a marker and its length take */
  | { kind: 'more' }
  /** no marker where one must be, or a length under 2: not a JPEG header this walk can follow */
  | { kind: 'broken' }
  /** a fill byte, or a marker with no payload: go on at `next` */
  | { kind: 'skip'; next: number }
  /** the image data starts (or the image ends): the header is over */
  | { kind: 'image' }
  /** a segment: its marker and its payload [start, end) (`end` may lie past the bytes read so far) */
  | { kind: 'segment'; marker: number; start: number; end: number };

/** One step of a walk over a JPEG's header from `at` (2 after the SOI marker), shared by every reader of one. */
export function jpegStep(bytes: Buffer, at: number): JpegStep {
  if (at + 4 > bytes.length) return { kind: 'more' };
  if (bytes[at] !== 0xff) return { kind: 'broken' };
  const marker = bytes[at + 1] as number;
  if (marker === 0xff) return { kind: 'skip', next: at + 1 };
  if (marker === 0xda || marker === 0xd9) return { kind: 'image' };
  if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) return { kind: 'skip', next: at + 2 };
  const length = bytes.readUInt16BE(at + 2);
  if (length < 2) return { kind: 'broken' };
  return { kind: 'segment', marker, start: at + 4, end: at + 2 + length };
}

/** True when `bytes` start like a JPEG (its SOI marker). */
export const isJpegStart = (bytes: Buffer): boolean => bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8;
