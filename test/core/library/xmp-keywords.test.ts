import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exiftool } from '../../../src-main/core/imaging/exiftool.js';
import { readKeywords } from '../../../src-main/core/library/xmp-keywords.js';
import { writeDng } from '../../helpers/dng.js';
import { corePerTest } from '../../helpers/core-per-test.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { rgbPixels } from '../imaging/images.js';

describe('keywords other tools wrote', () => {
  const t = corePerTest();

  it('become tags from embedded IPTC/XMP and from both kinds of sidecar, searchable, and never undo the person', async () => {
    const photos = path.join(t.dir, 'photos');
    // embedded keywords, written by ExifTool into the test's own JPEG
    const embedded = await writePhoto(path.join(photos, 'IMG_0001.jpg'), COLOURS['blue'] ?? [0, 0, 0]);
    await exiftool().write(embedded, { Keywords: ['Beach', 'Holiday 2024'], Subject: ['Beach'] }, { writeArgs: ['-overwrite_original'] });
    // a darktable/digiKam sidecar beside a RAW, and a Lightroom sidecar beside a JPEG, made by ExifTool
    const raw = path.join(photos, 'IMG_0002.dng');
    await writeFile(raw, await writeDng({ rgb: rgbPixels(320, 240, () => [30, 60, 210]), width: 320, height: 240, previewSize: 320 }));
    await exiftool().write(`${raw}.xmp`, { Subject: ['Lighthouse'], HierarchicalSubject: ['Places|France|Brittany'] });
    const lightroom = await writePhoto(path.join(photos, 'IMG_0003.jpg'), COLOURS['green'] ?? [0, 0, 0]);
    await exiftool().write(path.join(photos, 'IMG_0003.xmp'), { Subject: ['Garden'] });

    expect((await readKeywords(embedded)).sort()).toEqual(['Beach', 'Holiday 2024']);
    expect((await readKeywords(raw)).sort()).toEqual(['Brittany', 'Lighthouse']);
    expect(await readKeywords(lightroom)).toEqual(['Garden']);

    await t.core.addRoot({ path: photos });
    await t.core.rescan({});
    const idOf = async (file: string): Promise<string> => (await t.core.listPhotos({})).photos.find((p) => p.path === file)?.id ?? '';
    const tagsOf = async (file: string): Promise<string[]> => (await t.core.listTags({ photoId: await idOf(file) })).map((x) => x.tag).sort();
    await expect.poll(() => tagsOf(embedded)).toEqual(['beach', 'holiday 2024']);
    await expect.poll(() => tagsOf(raw)).toEqual(['brittany', 'lighthouse']);
    await expect.poll(() => tagsOf(lightroom)).toEqual(['garden']);
    const hits = await t.core.search({ text: 'lighthouse', limit: 3 });
    expect(hits.hits[0]).toMatchObject({ path: raw, keywordMatch: true });

    // the person removes an imported tag; indexing the photo again (its sidecar now has one more keyword)
    // imports the new keyword and does not bring the removed one back
    await t.core.removeTag({ photoId: await idOf(lightroom), tag: 'garden' });
    await exiftool().write(path.join(photos, 'IMG_0003.xmp'), { Subject: ['Garden', 'Pond'] }, { writeArgs: ['-overwrite_original'] });
    await writePhoto(lightroom, COLOURS['yellow'] ?? [0, 0, 0], { seed: 9 });
    await t.core.rescan({});
    await expect.poll(() => tagsOf(lightroom)).toEqual(['pond']);
  });
});
