import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeywordExportProgress } from '../../../src-main/contract/tags.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { exiftool } from '../../../src-main/core/imaging/exiftool.js';
import { readKeywords } from '../../../src-main/core/library/xmp-keywords.js';
import { corePerTest } from '../../helpers/core-per-test.js';
import { writeDng } from '../../helpers/dng.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { rgbPixels } from '../imaging/images.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** What ExifTool (a fresh read, as another tool would do it) finds in an XMP file. */
async function xmpOf(file: string): Promise<{ subject: string[]; hierarchical: string[]; rating: unknown; title: unknown }> {
  const tags: Record<string, unknown> = await exiftool().read(file, { readArgs: ['-XMP:all'] });
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => String(x as string | number)) : typeof v === 'string' ? [v] : []);
  return { subject: list(tags['Subject']).sort(), hierarchical: list(tags['HierarchicalSubject']).sort(), rating: tags['Rating'], title: tags['Title'] };
}

describe('keywords exported to XMP sidecars', () => {
  const t = corePerTest();

  it('merges tags and album names into existing sidecars, creates <file>.xmp, never touches a photo, and undoes', async () => {
    const photos = path.join(t.dir, 'photos');
    const lightroom = await writePhoto(path.join(photos, 'IMG_0001.jpg'), COLOURS['blue'] ?? [0, 0, 0]);
    const lightroomXmp = path.join(photos, 'IMG_0001.xmp');
    await exiftool().write(lightroomXmp, { Subject: ['Sunset', 'Beach'], HierarchicalSubject: ['Places|France|Nice'], Rating: 4, Title: 'Evening' });
    const bare = await writePhoto(path.join(photos, 'IMG_0002.jpg'), COLOURS['green'] ?? [0, 0, 0]);
    const raw = path.join(photos, 'IMG_0003.dng');
    await writeFile(raw, await writeDng({ rgb: rgbPixels(320, 240, () => [30, 60, 210]), width: 320, height: 240, previewSize: 320 }));
    const darktableXmp = `${raw}.xmp`;
    await exiftool().write(darktableXmp, { Subject: ['Lighthouse'] });
    const photoHashes = await Promise.all([lightroom, bare, raw].map(sha));
    const originalSidecars = await Promise.all([lightroomXmp, darktableXmp].map((f) => readFile(f)));

    await t.core.addRoot({ path: photos });
    await t.core.rescan({});
    const idOf = async (file: string): Promise<string> => (await t.core.listPhotos({})).photos.find((p) => p.path === file)?.id ?? '';
    const [id1, id2, id3] = await Promise.all([lightroom, bare, raw].map(idOf));
    // the sidecars' keywords were read in as tags first ([Note: keywords from other tools])
    await expect.poll(async () => (await t.core.listTags({ photoId: id3 ?? '' })).length).toBe(1);
    await expect.poll(async () => (await t.core.listTags({ photoId: id1 ?? '' })).length).toBe(3);
    await t.core.addTag({ photoId: id1 ?? '', tag: 'Dog' });
    await t.core.addTag({ photoId: id2 ?? '', tag: 'cat' });
    const album = await t.core.createAlbum({ name: 'Beach 2026', prompts: ['a beach'], threshold: 0.99 });
    await t.core.setAlbumMembership({ albumId: album.id, photoId: id1 ?? '', include: true });
    expect((await t.core.getPhoto({ id: id1 ?? '' })).fileRating).toBe(4);

    const first = await t.core.exportKeywords({});
    expect(first).toMatchObject({ photos: 3, written: 2, created: 1, unchanged: 0, failed: [] });
    expect(await xmpOf(lightroomXmp)).toEqual({
      subject: ['Beach', 'Beach 2026', 'Sunset', 'dog', 'nice'],
      hierarchical: ['Places|France|Nice', 'Shoebox|Albums|Beach 2026', 'Shoebox|Tags|beach', 'Shoebox|Tags|dog', 'Shoebox|Tags|nice', 'Shoebox|Tags|sunset'],
      rating: 4,
      title: 'Evening',
    });
    expect((await xmpOf(`${bare}.xmp`)).hierarchical).toEqual(['Shoebox|Tags|cat']);
    expect(await xmpOf(darktableXmp)).toMatchObject({ subject: ['Lighthouse'], hierarchical: ['Shoebox|Tags|lighthouse'] });
    expect(await Promise.all([lightroom, bare, raw].map(sha))).toEqual(photoHashes);
    expect((await readdir(photos)).filter((n) => n.startsWith('.'))).toEqual([]);
    // an album name Shoebox wrote is not read back in as a tag
    expect((await readKeywords(lightroom)).map((k) => k.toLowerCase()).sort()).toEqual(['beach', 'dog', 'nice', 'sunset']);
    const afterFirst = await readFile(lightroomXmp);

    expect(await t.core.exportKeywords({})).toMatchObject({ exportId: null, written: 0, created: 0, unchanged: 3 });

    // a tag taken away leaves the sidecar; other tools' keywords stay
    await t.core.removeTag({ photoId: id1 ?? '', tag: 'dog' });
    expect(await t.core.exportKeywords({ photoIds: [id1 ?? ''] })).toMatchObject({ photos: 1, written: 1 });
    const second = await xmpOf(lightroomXmp);
    expect(second.subject).toEqual(['Beach', 'Beach 2026', 'Sunset', 'nice']);
    expect(second.hierarchical).not.toContain('Shoebox|Tags|dog');

    const undoSecond = await t.core.undoKeywordExport({});
    expect(undoSecond).toMatchObject({ restored: 1, removed: 0, kept: [] });
    expect((await readFile(lightroomXmp)).equals(afterFirst)).toBe(true);
    expect(await t.core.undoKeywordExport({})).toMatchObject({ restored: 2, removed: 1, kept: [] });
    expect((await readFile(lightroomXmp)).equals(originalSidecars[0] ?? Buffer.alloc(0))).toBe(true);
    expect((await readFile(darktableXmp)).equals(originalSidecars[1] ?? Buffer.alloc(0))).toBe(true);
    expect(await readdir(photos)).not.toContain('IMG_0002.jpg.xmp');
    expect(await t.core.undoKeywordExport({})).toMatchObject({ exportId: null });
    expect(await Promise.all([lightroom, bare, raw].map(sha))).toEqual(photoHashes);
  });

  it('keeps a sidecar another tool changed after the export, when undoing', async () => {
    const photos = path.join(t.dir, 'photos');
    const photo = await writePhoto(path.join(photos, 'a.jpg'), COLOURS['red'] ?? [0, 0, 0]);
    await t.core.addRoot({ path: photos });
    await t.core.rescan({});
    const [summary] = (await t.core.listPhotos({})).photos;
    await t.core.addTag({ photoId: summary?.id ?? '', tag: 'red' });
    expect(await t.core.exportKeywords({})).toMatchObject({ created: 1 });
    await exiftool().write(`${photo}.xmp`, { Subject: ['red', 'Edited elsewhere'] }, { writeArgs: ['-overwrite_original'] });
    const edited = await readFile(`${photo}.xmp`);
    const undo = await t.core.undoKeywordExport({});
    expect(undo.kept).toEqual([{ path: `${photo}.xmp`, message: expect.stringContaining('changed since the export') as unknown }]);
    expect((await readFile(`${photo}.xmp`)).equals(edited)).toBe(true);
  });

  it('exports changes by itself while the setting is on, and not while it is off', async () => {
    const photos = path.join(t.dir, 'photos');
    const photo = await writePhoto(path.join(photos, 'b.jpg'), COLOURS['red'] ?? [0, 0, 0]);
    await t.core.addRoot({ path: photos });
    await t.core.rescan({});
    const id = (await t.core.listPhotos({})).photos[0]?.id ?? '';
    expect(await t.core.getKeywordExport({})).toEqual({ auto: false });
    await t.core.addTag({ photoId: id, tag: 'quiet' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await readdir(photos)).toEqual(['b.jpg']);

    expect(await t.core.setKeywordExport({ auto: true })).toEqual({ auto: true });
    await t.core.addTag({ photoId: id, tag: 'auto' });
    await expect.poll(async () => (await xmpOf(`${photo}.xmp`).catch(() => null))?.subject, { timeout: 15_000 }).toEqual(['auto', 'quiet']);
    const album = await t.core.createAlbum({ name: 'Reds', prompts: ['red'], threshold: 0.99 });
    await t.core.setAlbumMembership({ albumId: album.id, photoId: id, include: true });
    await expect.poll(async () => (await xmpOf(`${photo}.xmp`)).hierarchical, { timeout: 15_000 }).toContain('Shoebox|Albums|Reds');
    await t.core.updateAlbum({ albumId: album.id, name: 'Scarlet' });
    await expect.poll(async () => (await xmpOf(`${photo}.xmp`)).hierarchical, { timeout: 15_000 }).toEqual([
      'Shoebox|Albums|Scarlet', 'Shoebox|Tags|auto', 'Shoebox|Tags|quiet',
    ]);
    const settings = JSON.parse(await readFile(path.join(t.dir, 'library', 'settings.json'), 'utf8')) as { keywordExport: unknown };
    expect(settings.keywordExport).toEqual({ auto: true });
  });

  it('names the file and gives a code for a sidecar that is a folder or a FIFO, without hanging', async () => {
    const photos = path.join(t.dir, 'photos');
    const a = await writePhoto(path.join(photos, 'IMG_0010.jpg'), COLOURS['red'] ?? [0, 0, 0]);
    await writePhoto(path.join(photos, 'IMG_0011.jpg'), COLOURS['blue'] ?? [0, 0, 0]);
    const c = await writePhoto(path.join(photos, 'IMG_0012.jpg'), COLOURS['green'] ?? [0, 0, 0]);
    await mkdir(`${a}.xmp`);
    execFileSync('mkfifo', [path.join(photos, 'IMG_0011.xmp')]);
    await t.core.addRoot({ path: photos });
    await t.core.rescan({});
    for (const p of (await t.core.listPhotos({})).photos) await t.core.addTag({ photoId: p.id, tag: 'x' });
    // a photo deleted since the scan: no sidecar is made for what is not there
    const gone = await writePhoto(path.join(photos, 'IMG_0013.jpg'), COLOURS['yellow'] ?? [0, 0, 0]);
    await t.core.rescan({});
    const goneId = (await t.core.listPhotos({})).photos.find((p) => p.path === gone)?.id ?? '';
    await t.core.addTag({ photoId: goneId, tag: 'x' });
    await rm(gone);
    const started = Date.now();
    const report = await t.core.exportKeywords({});
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(report.created).toBe(1);
    expect(report.failed.map((f) => [f.code, f.path]).sort()).toEqual([
      ['FILE_OPERATION_FAILED', `${a}.xmp`],
      ['FILE_OPERATION_FAILED', path.join(photos, 'IMG_0011.xmp')],
      ['NOT_FOUND', gone],
    ]);
    expect(await readdir(photos)).not.toContain('IMG_0013.jpg.xmp');
    const messages = report.failed.map((f) => f.message).join('\n');
    expect(messages).toMatch(/is a folder/);
    expect(messages).toMatch(/is a FIFO/);
    expect((await xmpOf(`${c}.xmp`)).subject).toEqual(['x']);
  });

  it('reports count, rate and ETA while it writes, and stops when cancelled, keeping what it wrote and undoable', async () => {
    const photos = path.join(t.dir, 'many');
    const names = Array.from({ length: 12 }, (_, i) => `IMG_${String(i).padStart(4, '0')}.jpg`);
    for (const name of names) await writePhoto(path.join(photos, name), COLOURS['red'] ?? [0, 0, 0]);
    // a second core on its own library, each sidecar's rename slowed so the export runs a few seconds
    const core = await createCore({ libraryDir: path.join(t.dir, 'slow-library'), modelDir: await tinyModelDir(), timings: { sidecarPauseMs: 150 } });
    try {
      await core.addRoot({ path: photos });
      await core.rescan({});
      for (const p of (await core.listPhotos({})).photos) await core.addTag({ photoId: p.id, tag: 'red' });
      expect(await core.cancelKeywordExport({})).toEqual({ cancelled: false });
      const events: KeywordExportProgress[] = [];
      const cancelled: Promise<{ cancelled: boolean }>[] = [];
      const off = core.on('keywordExportProgress', (p) => {
        events.push(p);
        if (p.done >= 3 && cancelled.length === 0) cancelled.push(core.cancelKeywordExport({}));
      });
      const report = await core.exportKeywords({});
      off();
      expect(await Promise.all(cancelled)).toEqual([{ cancelled: true }]);
      expect(report.cancelled).toBe(true);
      expect(report.created).toBeGreaterThanOrEqual(3);
      expect(report.created).toBeLessThan(12);
      const written = (await readdir(photos)).filter((n) => n.endsWith('.xmp'));
      expect(written).toHaveLength(report.created);
      // counts only go up, each says of how many, with a rate and an ETA; the last says it is over
      expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));
      expect(events.every((e) => e.total === 12)).toBe(true);
      const running = events.filter((e) => !e.finished);
      expect(running.length).toBeGreaterThan(0);
      expect(running.every((e) => e.rate > 0 && e.etaSeconds !== null && e.etaSeconds > 0)).toBe(true);
      expect(events.at(-1)).toMatchObject({ finished: true, done: report.created, failed: 0 });
      // what the cancelled export wrote goes back like any export's
      expect(await core.undoKeywordExport({})).toMatchObject({ removed: report.created, kept: [] });
      expect((await readdir(photos)).filter((n) => n.endsWith('.xmp'))).toEqual([]);
    } finally {
      await core.close();
    }
  });
});
