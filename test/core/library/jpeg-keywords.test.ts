import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeExiftool, exiftool, readFacts } from '../../../src-main/core/imaging/exiftool.js';
import { jpegKeywordFields } from '../../../src-main/core/library/jpeg-keywords.js';
import { keywordsFrom, readKeywords } from '../../../src-main/core/library/xmp-keywords.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/*
 * Every file here is written by ExifTool (the test's own files, in a temp folder), then read twice: by the
 * in-process JPEG reader and by ExifTool, the reader every photo used before ([Note: JPEG keywords read in
 * process]). The two must agree field by field, and in the keywords that become tags.
 */

const FIELDS = ['Subject', 'Keywords', 'HierarchicalSubject'] as const;
const KEYWORDS = ['海边', 'Zürich', 'café', '€uro', 'a & b', '<tag>', '"quoted"', "it's", '2024', '2024.50', '007', 'true', ' padded '];
const HIERARCHY = ['Places|France|Paris', 'Places|中国|海边', 'Shoebox|Albums|Trip', 'Shoebox|Albums|Zürich'];

let dir = '';
let cleanup: () => Promise<void> = () => Promise.resolve();
beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  await closeExiftool();
  await cleanup();
});

async function blank(name: string, format: 'jpeg' | 'png' | 'tiff' | 'webp' | 'avif' | 'heic'): Promise<string> {
  const file = path.join(dir, name);
  const image = sharp({ create: { width: 96, height: 64, channels: 3, background: '#37a' } });
  // sharp's libheif encodes AV1 only: the .heic is a HEIF container with an AV1 image, which ExifTool writes as HEIC
  const encoded = format === 'heic' ? image.heif({ compression: 'av1' }) : image.toFormat(format);
  await encoded.withExif({ IFD0: { Make: 'Shoebox', Model: 'Test' } }).toFile(file);
  return file;
}

async function write(file: string, tags: Record<string, unknown>): Promise<string> {
  await exiftool().write(file, tags, { writeArgs: ['-overwrite_original'] });
  return file;
}

/** A field as compared: ExifTool's JSON gives one value bare and several as a list. */
const values = (value: unknown): unknown[] => (value === undefined ? [] : [value].flat());

async function expectSameAsExiftool(file: string): Promise<void> {
  const inProcess = await jpegKeywordFields(file);
  expect(inProcess, `${file} is read in process`).not.toBeNull();
  const facts = await readFacts(file);
  for (const field of FIELDS) expect(values(inProcess?.[field]), `${path.basename(file)} ${field}`).toEqual(values(facts[field]));
  expect(keywordsFrom(inProcess ?? {})).toEqual(keywordsFrom(facts));
  const tags = keywordsFrom(facts).map((k) => k.trim()).filter((k) => k !== '');
  expect(await readKeywords(file)).toEqual([...new Map(tags.map((k) => [k.toLowerCase(), k])).values()]);
}

describe("a JPEG's keywords, read in process, are ExifTool's", () => {
  it('XMP (dc:subject, lr:hierarchicalSubject with album branches) and IPTC in UTF-8, non-ASCII and escaped text', async () => {
    const file = await write(await blank('both.jpg', 'jpeg'), {
      'XMP-dc:Subject': KEYWORDS,
      'XMP-lr:HierarchicalSubject': HIERARCHY,
      'IPTC:Keywords': KEYWORDS,
      'IPTC:CodedCharacterSet': 'UTF8',
    });
    await expectSameAsExiftool(file);
    // non-ASCII and escaped keywords arrive as text; album names ("Zürich", "Trip") are albums, not tags
    const tags = await readKeywords(file);
    expect(tags).toEqual(expect.arrayContaining(['海边', 'café', '€uro', 'a & b', '<tag>', '"quoted"', "it's", '007', 'Paris']));
    expect(tags).not.toEqual(expect.arrayContaining(['Zürich']));
    expect(tags).not.toEqual(expect.arrayContaining(['Trip']));
  });

  it('IPTC without a character set is Windows-1252, as ExifTool reads it; one keyword alone', async () => {
    await expectSameAsExiftool(await write(await blank('latin.jpg', 'jpeg'), { 'IPTC:Keywords': ['Zürich', 'café', '€uro', 'x'] }));
    await expectSameAsExiftool(await write(await blank('one.jpg', 'jpeg'), { 'IPTC:Keywords': ['Zürich'], 'XMP-dc:Subject': ['海边'] }));
    await expectSameAsExiftool(await write(await blank('hier.jpg', 'jpeg'), { 'XMP-lr:HierarchicalSubject': ['地方|海边'] }));
  });

  it('XMP written by hand: rdf:Seq, another prefix, an attribute, character references, empty items', async () => {
    const packet = [
      '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
      '<rdf:Description rdf:about="" xmlns:d="http://purl.org/dc/elements/1.1/" xmlns:lr="http://ns.adobe.com/lightroom/1.0/">',
      '<d:subject><rdf:Seq><rdf:li>Z&#252;rich</rdf:li><rdf:li xml:lang="zh">&#x6D77;边</rdf:li><rdf:li/><rdf:li>Fish &amp; Chips</rdf:li></rdf:Seq></d:subject>',
      '</rdf:Description>',
      '<rdf:Description rdf:about="" xmlns:lr="http://ns.adobe.com/lightroom/1.0/" lr:hierarchicalSubject="Places|Wales"/>',
      '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>',
    ].join('\n');
    const xmp = path.join(dir, 'packet.xmp');
    await writeFile(xmp, packet);
    const file = await blank('handmade.jpg', 'jpeg');
    await exiftool().write(file, {}, { writeArgs: ['-overwrite_original', `-XMP<=${xmp}`] });
    await expectSameAsExiftool(file);
    expect(await readKeywords(file)).toEqual(['Zürich', '海边', 'Fish & Chips', 'Wales']);
  });

  it('a header longer than the first read (64 KB): XMP and IPTC with 1,500 keywords each', async () => {
    // ASCII only: with ~90 KB of JSON to print, ExifTool's answer once came back with one "海" as two U+FFFD (split
    // between two reads of its output, it seems), which is ExifTool's path's flaw, not the file's
    const many = Array.from({ length: 1500 }, (_, i) => `keyword ${String(i).padStart(4, '0')} sea`);
    const file = await write(await blank('long-header.jpg', 'jpeg'), {
      'XMP-dc:Subject': many,
      'IPTC:Keywords': many.map((k) => k.replace(' sea', '')),
    });
    await expectSameAsExiftool(file);
    expect(await readKeywords(file)).toHaveLength(3000);
  });

  it('a JPEG without keywords has none; other formats are left to ExifTool, which reads them as before', async () => {
    await expectSameAsExiftool(await blank('none.jpg', 'jpeg'));
    // a FIFO at a JPEG's name is refused by the regular-file check, and its keywords are none
    const fifo = path.join(dir, 'fifo.jpg');
    execFileSync('mkfifo', [fifo]);
    await expect(jpegKeywordFields(fifo)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(await readKeywords(fifo)).toEqual([]);
    expect(await readKeywords(path.join(dir, 'none.jpg'))).toEqual([]);
    const tags = { 'XMP-dc:Subject': ['海边', 'Zürich'], 'XMP-lr:HierarchicalSubject': ['Places|France|Paris'] };
    for (const format of ['png', 'tiff', 'webp', 'avif', 'heic'] as const) {
      const file = await write(await blank(`photo.${format}`, format), tags);
      expect(await jpegKeywordFields(file), format).toBeNull(); // no JPEG inside: not read in process
      expect((await readKeywords(file)).sort(), format).toEqual(['Paris', 'Zürich', '海边']);
    }
  });
});
