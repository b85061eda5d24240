import path from 'node:path';
import { openRegularFile } from '../util/regular-file.js';
import { isJpegStart, jpegStep } from './jpeg-segments.js';

/*
 * [Note: JPEG keywords read in process]
 * A JPEG keeps its keywords in two header segments: XMP (APP1, dc:subject and lr:hierarchicalSubject) and IPTC
 * (APP13, Photoshop's 8BIM resource 0x0404, dataset 2:25). Both sit before the image data, so reading them costs
 * one open and a read of the first 64 KB (more only when the header is longer), and a walk of the markers: about
 * 0.3 ms of Node CPU per photo, most of it the asynchronous open, read and close, and no wait on another process.
 * Asking ExifTool cost ~2.3 ms of Perl and ~0.45 ms of Node CPU per photo and ~4.7 ms of waiting (the bench's
 * 12 MP JPEGs, quiet 2-core machine; 2.9–3.5 ms of Perl and 1.0 ms of Node at load 2.5). The fields come back in ExifTool's shape (Subject, Keywords, HierarchicalSubject) and
 * by ExifTool's rules: XML entities decoded, the XMP prefix taken from its namespace, IPTC text UTF-8 when dataset
 * 1:90 says so and Windows-1252 otherwise (ExifTool's default), and values as ExifTool's JSON hands them over (a
 * keyword "2024.50" arrives as the number 2024.5, "true" as a boolean, which `strings` drops), so that a keyword
 * gives the same tag whichever reader read it. exifr, which reads the EXIF, is not used for this: its XMP parser
 * leaves entities encoded ("a &amp; b") and turns "007" into 7, its IPTC reader ignores 1:90 (Latin-1 only).
 * Whatever this reader does not know for sure (extended XMP, XMP in the Photoshop segment, two XMP or IPTC
 * blocks, another IPTC character set, an element inside a keyword, a header over 4 MB) returns null and the
 * photo's keywords are ExifTool's, as are every other format's and every sidecar's ([Note: keywords from other
 * tools]).
 */

/** What ExifTool's request for the keyword tags returns, in its shape. */
export type KeywordFields = Record<'Subject' | 'Keywords' | 'HierarchicalSubject', unknown>;

const FIRST_READ = 64 * 1024;
const MAX_HEADER = 4 * 1024 * 1024;
const XMP_ID = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENDED_ID = 'http://ns.adobe.com/xmp/extension/\0';
const PHOTOSHOP_ID = 'Photoshop 3.0\0';
const NS_DC = 'http://purl.org/dc/elements/1.1/';
const NS_LR = 'http://ns.adobe.com/lightroom/1.0/';
const NS_RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

/** Marks a file this reader cannot read for sure: ExifTool reads it. */
class Unsure extends Error {}

const unsure = (): never => {
  throw new Unsure();
};

/** A JPEG by its name: the only photos read here; any other keeps ExifTool. */
export const isJpegName = (file: string): boolean => ['.jpg', '.jpeg'].includes(path.extname(file).toLowerCase());

/** The APP segments before the image data, as [marker, payload]; null when the file is no JPEG. */
async function headerSegments(file: string): Promise<[number, Buffer][] | null> {
  const { handle, info } = await openRegularFile(file);
  try {
    let bytes = Buffer.alloc(0);
    const have = async (end: number): Promise<boolean> => {
      if (end <= bytes.length) return true;
      if (end > info.size) return false;
      if (end > MAX_HEADER) unsure();
      const want = Math.min(info.size, Math.max(end, bytes.length + FIRST_READ));
      const more = Buffer.allocUnsafe(want - bytes.length);
      const { bytesRead } = await handle.read(more, 0, more.length, bytes.length);
      bytes = bytes.length === 0 ? more.subarray(0, bytesRead) : Buffer.concat([bytes, more.subarray(0, bytesRead)]);
      return end <= bytes.length;
    };
    if (!(await have(4)) || !isJpegStart(bytes)) return null;
    const segments: [number, Buffer][] = [];
    let at = 2;
    for (;;) {
      if (!(await have(at + 4))) return segments;
      const step = jpegStep(bytes, at);
      // (image data: ExifTool -fast reads no trailer)
      if (step.kind === 'image') return segments;
      if (step.kind === 'skip') {
        at = step.next;
        continue;
      }
      if (step.kind !== 'segment') return unsure();
      if (!(await have(step.end))) unsure();
      const { marker, start, end } = step;
      if (marker >= 0xe0 && marker <= 0xef) segments.push([marker, bytes.subarray(start, end)]);
      at = end;
    }
  } finally {
    await handle.close();
  }
}

const startsWith = (payload: Buffer, id: string): boolean => payload.subarray(0, id.length).toString('latin1') === id;

/**
 * The keyword fields of a JPEG's own XMP and IPTC, read in process; null for a file that is no JPEG or that this
 * reader cannot read for sure ([Note: JPEG keywords read in process]).
 */
export async function jpegKeywordFields(file: string): Promise<KeywordFields | null> {
  try {
    const segments = await headerSegments(file);
    if (!segments) return null;
    const xmp = segments.filter(([marker, payload]) => marker === 0xe1 && startsWith(payload, XMP_ID));
    const photoshop = segments.filter(([marker, payload]) => marker === 0xed && startsWith(payload, PHOTOSHOP_ID));
    if (xmp.length > 1 || photoshop.length > 1) unsure();
    if (segments.some(([marker, payload]) => marker === 0xe1 && startsWith(payload, XMP_EXTENDED_ID))) unsure();
    const fields: KeywordFields = { Subject: undefined, Keywords: undefined, HierarchicalSubject: undefined };
    const packet = xmp[0]?.[1];
    if (packet) {
      const text = xmpText(packet.subarray(XMP_ID.length));
      fields.Subject = xmpList(text, NS_DC, 'subject');
      fields.HierarchicalSubject = xmpList(text, NS_LR, 'hierarchicalSubject');
    }
    const resources = photoshop[0]?.[1];
    if (resources) fields.Keywords = iptcKeywords(resources.subarray(PHOTOSHOP_ID.length));
    return fields;
  } catch (error) {
    if (error instanceof Unsure) return null;
    throw error;
  }
}

/** ExifTool's JSON (`-j`) prints a value that looks like a number or a boolean bare; JSON.parse then makes it one. */
function asExiftoolJson(value: string): unknown {
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  if (/^-?(\d|[1-9]\d{1,14})(\.\d{1,16})?(e[-+]?\d{1,3})?$/i.test(value)) return Number(value);
  return value;
}

/** A one-value list comes back as the value, as ExifTool's JSON has it. */
const asField = (values: string[]): unknown => {
  const json = values.map(asExiftoolJson);
  return json.length === 0 ? undefined : json.length === 1 ? json[0] : json;
};

function xmpText(bytes: Buffer): string {
  // UTF-16 or UTF-32 XMP (allowed, never seen from a camera or an organizer) is ExifTool's to read
  if (bytes.includes(0)) unsure();
  return bytes.toString('utf8');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  if (text.includes('<')) unsure(); // an element (or CDATA) inside the value
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : unsure();
    }
    return ENTITIES[name] ?? unsure();
  });
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The prefixes an XMP packet binds to a namespace (almost always one: "dc", "lr", "rdf"). */
function prefixesOf(text: string, namespace: string): string[] {
  const prefixes = new Set<string>();
  for (const match of text.matchAll(/xmlns:([\w.-]+)\s*=\s*(["'])(.*?)\2/g)) if (match[3] === namespace) prefixes.add(match[1] as string);
  return [...prefixes];
}

/** The values of one XMP property: a list (Bag, Seq or Alt) of text, one text element, or an attribute of a Description. */
function xmpList(text: string, namespace: string, name: string): unknown {
  const rdf = prefixesOf(text, NS_RDF);
  if (rdf.length !== 1) return text.includes(name) ? unsure() : undefined;
  const li = new RegExp(`<${escapeRegExp(rdf[0] as string)}:li(?:\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</${escapeRegExp(rdf[0] as string)}:li\\s*>)`, 'g');
  const found: string[][] = [];
  for (const prefix of prefixesOf(text, namespace)) {
    const qname = escapeRegExp(`${prefix}:${name}`);
    for (const element of text.matchAll(new RegExp(`<${qname}(\\s[^>]*?)?(?:/>|>([\\s\\S]*?)</${qname}\\s*>)`, 'g'))) {
      const body = element[2] ?? '';
      if (/\brdf:resource\s*=|parseType/.test(element[1] ?? '')) unsure();
      const list = /<[\w.-]+:(Bag|Seq|Alt)\b/.test(body);
      found.push(list ? [...body.matchAll(li)].map((item) => decodeXml(item[1] ?? '')) : [decodeXml(body)]);
    }
    for (const description of text.matchAll(new RegExp(`<${escapeRegExp(rdf[0] as string)}:Description\\s[^>]*>`, 'g'))) {
      const attribute = new RegExp(`\\s${qname}\\s*=\\s*(["'])([\\s\\S]*?)\\1`).exec(description[0]);
      if (attribute) found.push([decodeXml(attribute[2] ?? '')]);
    }
  }
  if (found.length > 1) unsure(); // the property twice: which one ExifTool keeps is its business
  return asField(found[0] ?? []);
}

const UTF8_ESCAPE = '\x1b%G';

/** Windows-1252's 0x80–0x9F, as ExifTool's Latin table has them (the five bytes it leaves undefined stay as they are). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** IPTC text without a declared character set, read as ExifTool's default ("Latin", Windows-1252). */
const windows1252 = (bytes: Buffer): string =>
  String.fromCharCode(...Array.from(bytes, (byte) => (byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH[byte - 0x80] as number) : byte)));

/** IPTC's Keywords (2:25) from Photoshop's image resources; text by dataset 1:90 as ExifTool reads it. */
function iptcKeywords(resources: Buffer): unknown {
  let iptc: Buffer | null = null;
  let at = 0;
  while (at + 12 <= resources.length) {
    const signature = resources.toString('latin1', at, at + 4);
    if (!['8BIM', 'PHUT', 'DCSR', 'AgHg', 'MeSa'].includes(signature)) unsure();
    const id = resources.readUInt16BE(at + 4);
    const nameLength = resources[at + 6] as number;
    const sizeAt = at + 6 + nameLength + 1 + ((nameLength + 1) % 2);
    if (sizeAt + 4 > resources.length) unsure();
    const size = resources.readUInt32BE(sizeAt);
    const data = resources.subarray(sizeAt + 4, sizeAt + 4 + size);
    if (data.length !== size) unsure();
    if (id === 0x0424) unsure(); // XMP here too: ExifTool merges it
    if (id === 0x0404) {
      if (iptc) unsure();
      iptc = data;
    }
    at = sizeAt + 4 + size + (size % 2);
  }
  if (!iptc) return undefined;
  const keywords: Buffer[] = [];
  let charset: string | null = null;
  let i = 0;
  while (i + 5 <= iptc.length) {
    if (iptc[i] !== 0x1c) {
      if (iptc.subarray(i).every((byte) => byte === 0)) break; // padding
      unsure();
    }
    const record = iptc[i + 1] as number;
    const dataset = iptc[i + 2] as number;
    const length = iptc.readUInt16BE(i + 3);
    if (length & 0x8000) unsure(); // extended length: not for text
    const value = iptc.subarray(i + 5, i + 5 + length);
    if (value.length !== length) unsure();
    if (record === 1 && dataset === 90) charset = value.toString('latin1');
    if (record === 2 && dataset === 25) keywords.push(value);
    i += 5 + length;
  }
  if (charset !== null && charset !== UTF8_ESCAPE) unsure();
  // (Node's TextDecoder reads 'windows-1252' as Latin-1: 0x80 is no euro sign there)
  const texts = keywords.map((bytes) => (charset === UTF8_ESCAPE ? bytes.toString('utf8') : windows1252(bytes)));
  if (texts.some((text) => text.includes('\0'))) unsure();
  return asField(texts);
}
