/**
 * What an embedded ICC profile means for the thumbnail: with none, or with an sRGB one, the colour-managed
 * pixels are the pixels as stored, so the thumbnail may share the model input's decode (see
 * [Note: one decode for both outputs]); any other profile (Display P3, Adobe RGB, CMYK) must be converted.
 */
export type ColourProfile = 'none' | 'srgb' | 'other';

const TAG_TABLE = 128;
const TAG_ENTRY = 12;

function ascii(bytes: Buffer, start: number, length: number): string {
  return bytes.toString('latin1', start, Math.min(bytes.length, start + length));
}

/** The profile's description: a v2 `desc` (ASCII) or v4 `mluc` (UTF-16BE, first record) tag. */
function description(icc: Buffer): string | null {
  if (icc.length < TAG_TABLE + 4) return null;
  const count = icc.readUInt32BE(TAG_TABLE);
  for (let i = 0; i < count; i++) {
    const entry = TAG_TABLE + 4 + i * TAG_ENTRY;
    if (entry + TAG_ENTRY > icc.length) return null;
    if (ascii(icc, entry, 4) !== 'desc') continue;
    const offset = icc.readUInt32BE(entry + 4);
    if (offset + 12 > icc.length) return null;
    const type = ascii(icc, offset, 4);
    if (type === 'desc') return ascii(icc, offset + 12, icc.readUInt32BE(offset + 8));
    if (type === 'mluc' && offset + 28 <= icc.length) {
      const start = offset + icc.readUInt32BE(offset + 24);
      const end = Math.min(icc.length, start + icc.readUInt32BE(offset + 20));
      const utf16 = Buffer.from(icc.subarray(start, end - ((end - start) % 2)));
      return utf16.swap16().toString('utf16le');
    }
    return null;
  }
  return null;
}

export function colourProfileOf(icc: Buffer | undefined): ColourProfile {
  if (icc === undefined || icc.length === 0) return 'none';
  return /\bsRGB\b/i.test(description(icc) ?? '') ? 'srgb' : 'other';
}
