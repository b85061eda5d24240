import sharp from 'sharp';

/*
 * DNG files written for the tests, laid out as Adobe's converter writes them: IFD0 a small RGB thumbnail
 * with the camera's tags, SubIFD 1 the sensor's CFA data (16-bit RGGB Bayer mosaic, uncompressed), SubIFD 2 a
 * JPEG preview, and an EXIF IFD with the capture date. A DNG is a TIFF (Adobe DNG Specification 1.4: IFD
 * structure, CFA tags, ColorMatrix1), so this is a small TIFF writer. LibRaw (libraw-wasm) decodes the
 * mosaic and ExifTool reads the tags and extracts the preview: the tests check both.
 */

const SHORT = 3;
const LONG = 4;
const ASCII = 2;
const BYTE = 1;
const RATIONAL = 5;
const SRATIONAL = 10;
const TYPE_SIZE: Record<number, number> = { [BYTE]: 1, [ASCII]: 1, [SHORT]: 2, [LONG]: 4, [RATIONAL]: 8, [SRATIONAL]: 8 };

interface Entry {
  tag: number;
  type: number;
  /** numbers (a rational is two), or text; a function gives offsets known only once laid out */
  values: number[] | string | (() => number[]);
  count?: number;
}

function countOf(e: Entry): number {
  if (e.count !== undefined) return e.count;
  if (typeof e.values === 'string') return e.values.length + 1;
  const n = typeof e.values === 'function' ? e.values().length : e.values.length;
  return e.type === RATIONAL || e.type === SRATIONAL ? n / 2 : n;
}

function extraSize(e: Entry): number {
  const size = countOf(e) * (TYPE_SIZE[e.type] ?? 1);
  return size > 4 ? size + (size % 2) : 0;
}

function ifdSize(entries: readonly Entry[]): number {
  return 2 + entries.length * 12 + 4 + entries.reduce((sum, e) => sum + extraSize(e), 0);
}

function writeValues(out: Buffer, at: number, e: Entry): void {
  if (typeof e.values === 'string') {
    out.write(`${e.values}\0`, at, 'latin1');
    return;
  }
  const values = typeof e.values === 'function' ? e.values() : e.values;
  const width = e.type === RATIONAL || e.type === SRATIONAL ? 4 : (TYPE_SIZE[e.type] ?? 1);
  values.forEach((v, i) => {
    const p = at + i * width;
    if (width === 1) out.writeUInt8(v, p);
    else if (width === 2) out.writeUInt16LE(v, p);
    else if (e.type === SRATIONAL) out.writeInt32LE(v, p);
    else out.writeUInt32LE(v, p);
  });
}

function writeIfd(out: Buffer, offset: number, entries: Entry[]): void {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  out.writeUInt16LE(sorted.length, offset);
  let extra = offset + 2 + sorted.length * 12 + 4;
  sorted.forEach((e, i) => {
    const p = offset + 2 + i * 12;
    out.writeUInt16LE(e.tag, p);
    out.writeUInt16LE(e.type, p + 2);
    out.writeUInt32LE(countOf(e), p + 4);
    const size = extraSize(e);
    if (size === 0) {
      writeValues(out, p + 8, e);
    } else {
      out.writeUInt32LE(extra, p + 8);
      writeValues(out, extra, e);
      extra += size;
    }
  });
  out.writeUInt32LE(0, offset + 2 + sorted.length * 12);
}

/** XYZ (D65) to linear sRGB: the camera's space is linear sRGB, so LibRaw's output keeps the colours. */
const XYZ_TO_SRGB = [3.2406, -1.5372, -0.4986, -0.9689, 1.8758, 0.0415, 0.0557, -0.204, 1.057];

export interface DngOptions {
  /** the scene, 8-bit RGB, width × height (both even) */
  rgb: Buffer;
  width: number;
  height: number;
  /** the JPEG preview's long side; 0 for none (then only the 160-px thumbnail is in the file) */
  previewSize?: number;
  /** replaces the preview's bytes (a damaged preview) */
  damagePreview?: boolean;
  orientation?: number;
  make?: string;
  model?: string;
  /** EXIF DateTimeOriginal, "YYYY:MM:DD HH:MM:SS" */
  taken?: string;
}

/** The RGGB mosaic of the scene: 16-bit samples, each the 8-bit value times 257. */
function mosaic(rgb: Buffer, width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const channel = y % 2 === 0 ? (x % 2 === 0 ? 0 : 1) : x % 2 === 0 ? 1 : 2;
      out.writeUInt16LE((rgb[(y * width + x) * 3 + channel] ?? 0) * 257, (y * width + x) * 2);
    }
  }
  return out;
}

export async function writeDng(o: DngOptions): Promise<Buffer> {
  const scene = sharp(o.rgb, { raw: { width: o.width, height: o.height, channels: 3 } });
  const thumb = await scene.clone().resize(160, 160, { fit: 'inside' }).raw().toBuffer({ resolveWithObject: true });
  const preview =
    o.previewSize === 0
      ? null
      : await scene
          .clone()
          .resize(o.previewSize ?? 1024, o.previewSize ?? 1024, { fit: 'inside', withoutEnlargement: true })
          .jpeg({ quality: 90 })
          .toBuffer({ resolveWithObject: true });
  if (preview && o.damagePreview) preview.data.fill(0x5a, 2, preview.data.length - 2);
  const raw = mosaic(o.rgb, o.width, o.height);

  const offsets = { exif: 0, raw: 0, preview: 0, thumbData: 0, rawData: 0, previewData: 0 };
  const ifd0: Entry[] = [
    { tag: 254, type: LONG, values: [1] },
    { tag: 256, type: LONG, values: [thumb.info.width] },
    { tag: 257, type: LONG, values: [thumb.info.height] },
    { tag: 258, type: SHORT, values: [8, 8, 8] },
    { tag: 259, type: SHORT, values: [1] },
    { tag: 262, type: SHORT, values: [2] },
    { tag: 271, type: ASCII, values: o.make ?? 'Shoebox' },
    { tag: 272, type: ASCII, values: o.model ?? 'Test DNG' },
    { tag: 273, type: LONG, values: () => [offsets.thumbData] },
    { tag: 274, type: SHORT, values: [o.orientation ?? 1] },
    { tag: 277, type: SHORT, values: [3] },
    { tag: 278, type: LONG, values: [thumb.info.height] },
    { tag: 279, type: LONG, values: [thumb.data.length] },
    { tag: 284, type: SHORT, values: [1] },
    { tag: 330, type: LONG, values: () => (preview ? [offsets.raw, offsets.preview] : [offsets.raw]) },
    { tag: 34665, type: LONG, values: () => [offsets.exif] },
    { tag: 50706, type: BYTE, values: [1, 4, 0, 0] },
    { tag: 50707, type: BYTE, values: [1, 1, 0, 0] },
    { tag: 50708, type: ASCII, values: `${o.make ?? 'Shoebox'} ${o.model ?? 'Test DNG'}` },
    { tag: 50721, type: SRATIONAL, values: XYZ_TO_SRGB.flatMap((v) => [Math.round(v * 10000), 10000]) },
    { tag: 50728, type: RATIONAL, values: [1, 1, 1, 1, 1, 1] },
    { tag: 50778, type: SHORT, values: [21] },
  ];
  const exif: Entry[] = [{ tag: 36867, type: ASCII, values: o.taken ?? '2024:05:06 07:08:09' }];
  const rawIfd: Entry[] = [
    { tag: 254, type: LONG, values: [0] },
    { tag: 256, type: LONG, values: [o.width] },
    { tag: 257, type: LONG, values: [o.height] },
    { tag: 258, type: SHORT, values: [16] },
    { tag: 259, type: SHORT, values: [1] },
    { tag: 262, type: SHORT, values: [32803] },
    { tag: 273, type: LONG, values: () => [offsets.rawData] },
    { tag: 277, type: SHORT, values: [1] },
    { tag: 278, type: LONG, values: [o.height] },
    { tag: 279, type: LONG, values: [raw.length] },
    { tag: 284, type: SHORT, values: [1] },
    { tag: 33421, type: SHORT, values: [2, 2] },
    { tag: 33422, type: BYTE, values: [0, 1, 1, 2] },
    { tag: 50714, type: LONG, values: [0] },
    { tag: 50717, type: LONG, values: [65535] },
  ];
  const previewIfd: Entry[] = preview
    ? [
        { tag: 254, type: LONG, values: [1] },
        { tag: 256, type: LONG, values: [preview.info.width] },
        { tag: 257, type: LONG, values: [preview.info.height] },
        { tag: 258, type: SHORT, values: [8, 8, 8] },
        { tag: 259, type: SHORT, values: [7] },
        { tag: 262, type: SHORT, values: [6] },
        { tag: 273, type: LONG, values: () => [offsets.previewData] },
        { tag: 277, type: SHORT, values: [3] },
        { tag: 278, type: LONG, values: [preview.info.height] },
        { tag: 279, type: LONG, values: [preview.data.length] },
        { tag: 284, type: SHORT, values: [1] },
      ]
    : [];

  let at = 8 + ifdSize(ifd0);
  offsets.exif = at;
  at += ifdSize(exif);
  offsets.raw = at;
  at += ifdSize(rawIfd);
  offsets.preview = at;
  at += preview ? ifdSize(previewIfd) : 0;
  offsets.thumbData = at;
  at += thumb.data.length;
  offsets.rawData = at;
  at += raw.length;
  offsets.previewData = at;
  at += preview?.data.length ?? 0;

  const out = Buffer.alloc(at);
  out.write('II*\0', 0, 'latin1');
  out.writeUInt32LE(8, 4);
  writeIfd(out, 8, ifd0);
  writeIfd(out, offsets.exif, exif);
  writeIfd(out, offsets.raw, rawIfd);
  if (preview) writeIfd(out, offsets.preview, previewIfd);
  thumb.data.copy(out, offsets.thumbData);
  raw.copy(out, offsets.rawData);
  preview?.data.copy(out, offsets.previewData);
  return out;
}
