import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import type { ImportProgress } from '../../../src-main/contract/imports.js';
import { COLOURS, writeColourSet, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';
import { filesUnder, foldersUnder, makeFakeCard, sha, type FakeCard } from './fake-card.js';

const attempt = <T>(call: () => Promise<T>): Promise<T> => Promise.resolve().then(call);

/** The whole test folder but the library's own data: what an undo must give back exactly. */
async function tree(dir: string): Promise<{ files: [string, string][]; folders: string[] }> {
  const files = [...(await filesUnder(dir))].filter(([f]) => !f.startsWith(path.join(dir, 'library') + path.sep)).sort();
  const folders = (await foldersUnder(dir)).filter((f) => f !== 'library' && !f.startsWith(`library${path.sep}`));
  return { files, folders };
}

describe('importing a camera card', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  let card: FakeCard;
  let library: Record<string, string[]>;
  // Test-only: each file action pauses this long between its steps (CoreOptions.timings), to act mid-import.
  let pauseMs = 0;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    // The card's "still being written" file was modified a moment ago; everything else days ago.
    library = await writeColourSet(path.join(dir, 'photos'), ['red', 'blue'], 2);
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir(), timings: { fileActionPauseMs: () => pauseMs, importSettleMs: 60_000 } });
    await core.addRoot({ path: path.join(dir, 'photos') });
    await core.rescan({});
    const red = COLOURS['red'] ?? [255, 0, 0];
    const blue = COLOURS['blue'] ?? [0, 0, 255];
    card = await makeFakeCard(path.join(dir, 'EOS_DIGITAL'), [library['red']?.[0] ?? '', library['blue']?.[1] ?? ''], { colours: (n) => (n % 3 === 0 ? red : blue) });
  });
  afterEach(async () => {
    pauseMs = 0;
    await core.close();
    await cleanup();
  });

  it('copies the new photos into dated folders, verified, never over a name; again finds nothing; undo gives back the exact tree', async () => {
    const to = path.join(dir, 'Pictures');
    const before = await tree(dir);
    const cardBefore = await filesUnder(card.root);

    const plan = await core.planImport({ sources: [card.root], to });
    expect(plan).toMatchObject({ photos: card.expected.size, videos: 0, alreadyInLibrary: 2, duplicatesInSource: 0 });
    expect(plan.skipped.map((s) => [path.basename(s.path), s.code]).sort()).toEqual([['IMG_0200.JPG', 'FILE_BUSY'], ['IMG_0300.JPG', 'FILE_UNREADABLE']]);
    expect(await foldersUnder(to)).toEqual([]);

    const progress: ImportProgress[] = [];
    const off = core.on('importProgress', (p) => progress.push(p));
    const record = await core.startImport({ sources: [card.root], to });
    off();
    expect(record).toMatchObject({ state: 'done', copied: card.expected.size, alreadyInLibrary: 2, indexed: card.expected.size });
    expect(record.failed.map((f) => f.code).sort()).toEqual(['FILE_BUSY', 'FILE_UNREADABLE']);
    const copying = progress.filter((p) => p.phase === 'copying');
    expect(copying.at(-1)).toMatchObject({ done: card.expected.size, total: card.expected.size, bytesDone: plan.bytes });
    expect(copying.at(-1)?.rate).toBeGreaterThan(0);

    // Each photo in the folder of the day it was taken, byte for byte; the clash got a suffix.
    const placed = new Map(record.files.map((f) => [f.from, f.to]));
    for (const [source, folder] of card.expected) {
      const copy = placed.get(source) ?? '';
      expect(path.relative(to, path.dirname(copy))).toBe(folder);
      expect(await sha(copy)).toBe(cardBefore.get(source));
    }
    expect(path.basename(placed.get(card.clash) ?? '')).toBe('IMG_0001 (2).JPG');
    expect((await filesUnder(to)).size).toBe(card.expected.size);
    expect([...(await filesUnder(to)).keys()].filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
    // The card is untouched, and the copies are in the library, searchable.
    expect(await filesUnder(card.root)).toEqual(cardBefore);
    const status = await core.status({});
    expect(status.photos.indexed).toBe(4 + card.expected.size);
    expect(record.filing).toEqual([
      { albumId: null, albumName: null, folder: path.join('2026', '2026-07-14'), mode: null, count: 4 },
      { albumId: null, albumName: null, folder: path.join('2026', '2026-07-15'), mode: null, count: 3 },
      { albumId: null, albumName: null, folder: path.join('2026', '2026-07-16'), mode: null, count: 3 },
    ]);

    // Again: nothing new, nothing copied, nothing recorded to undo.
    const again = await core.startImport({ sources: [card.root], to });
    expect(again).toMatchObject({ copied: 0, alreadyInLibrary: card.expected.size + 2 });
    expect((await filesUnder(to)).size).toBe(card.expected.size);
    expect((await core.listImports({})).map((r) => r.id)).toEqual([record.id]);

    const undo = await core.undoImport({});
    expect(undo).toMatchObject({ importId: record.id, removed: card.expected.size, kept: [] });
    expect(await tree(dir)).toEqual(before);
    expect((await core.status({})).photos.indexed).toBe(4);
    expect((await core.listImports({}))[0]?.state).toBe('undone');
    await expect(attempt(() => core.undoImport({ importId: record.id }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('indexes the copies it made without walking the rest of the library folder it imported into', async () => {
    // The destination is inside a library folder that holds more: a photo put there while nothing watched
    // is not the import's to index (a scan of the whole folder would have found it).
    const to = path.join(dir, 'photos', 'Imports');
    const stranger = path.join(dir, 'photos', 'later', 'stranger.jpg');
    await mkdir(path.dirname(stranger), { recursive: true });
    await writePhoto(stranger, [20, 200, 20], { seed: 4242 });
    const record = await core.startImport({ sources: [card.root], to });
    expect(record).toMatchObject({ state: 'done', copied: card.expected.size, indexed: card.expected.size });
    expect((await core.status({})).photos.indexed).toBe(4 + card.expected.size);
    const found = await core.search({ text: 'a photo', limit: 100 });
    expect(found.hits.map((h) => h.path)).not.toContain(stranger);
    expect(found.hits.filter((h) => h.path.startsWith(to + path.sep))).toHaveLength(card.expected.size);
    // a scan of the folder finds it, as it would have before
    await core.rescan({});
    expect((await core.status({})).photos.indexed).toBe(5 + card.expected.size);
  });

  it('files only the new photos by their albums, says where each went, and the undo takes that back too', async () => {
    const to = path.join(dir, 'Pictures');
    const album = await core.createAlbum({ name: 'Red things', prompts: ['red'], threshold: 0.5 });
    const members = (await core.albumPhotos({ albumId: album.id })).photos.map((p) => p.path).sort();
    expect(members).toEqual([...(library['red'] ?? [])].sort());
    const filedTo = path.join(dir, 'Albums', 'Red things');
    await core.setAlbumMirror({ albumId: album.id, folder: filedTo, mode: 'copy', fileImports: true });
    expect((await core.getAlbum({ albumId: album.id })).mirror).toMatchObject({ fileImports: true, mode: 'copy' });
    const before = await tree(dir);

    const record = await core.startImport({ sources: [card.root], to });
    // The card's red photos: every third one, and the clashing IMG_0001.JPG of 101CANON.
    const redOnCard = [...card.expected.keys()].filter((f) => /IMG_000[369]\.JPG$/.test(f) || f === card.clash);
    const placed = new Map(record.files.map((f) => [f.from, f.to]));
    const filed = await readdir(filedTo);
    // Only the card's new red photos: not the library's older red ones, not the duplicate of one.
    expect(filed.sort()).toEqual(redOnCard.map((f) => path.basename(placed.get(f) ?? '')).sort());
    expect(record.filing.find((l) => l.albumId === album.id)).toMatchObject({ albumName: 'Red things', count: redOnCard.length, mode: 'copy' });
    for (const source of redOnCard) expect(await sha(path.join(filedTo, path.basename(placed.get(source) ?? '')))).toBe(await sha(source));

    const undo = await core.undoImport({ importId: record.id });
    expect(undo.kept).toEqual([]);
    expect(await tree(dir)).toEqual(before);
  });

  it('a move rule takes the new photos out of the dated folders, keeps their ids, and the undo brings them back first', async () => {
    const to = path.join(dir, 'Pictures');
    await mkdir(to);
    await core.addRoot({ path: to });
    const album = await core.createAlbum({ name: 'Red things', prompts: ['red'], threshold: 0.5 });
    const filedTo = path.join(to, 'Red things');
    await core.setAlbumMirror({ albumId: album.id, folder: filedTo, mode: 'move', fileImports: true });
    const before = await tree(dir);
    const record = await core.startImport({ sources: [card.root], to });
    const red = 4;
    expect((await readdir(filedTo)).length).toBe(red);
    expect(record.filing.find((l) => l.albumId === album.id)).toMatchObject({ count: red, mode: 'move' });
    const stayed = record.filing.filter((l) => l.albumId === null).reduce((sum, l) => sum + l.count, 0);
    expect(stayed).toBe(card.expected.size - red);
    expect((await filesUnder(to)).size).toBe(card.expected.size);
    const moved = (await core.albumPhotos({ albumId: album.id })).photos.filter((p) => p.path.startsWith(filedTo + path.sep));
    expect(moved).toHaveLength(red);
    expect((await core.status({})).photos.indexed).toBe(4 + card.expected.size);

    const undo = await core.undoImport({});
    expect(undo).toMatchObject({ movedBack: red, removed: card.expected.size, kept: [] });
    expect(await tree(dir)).toEqual(before);
    expect((await core.status({})).photos.indexed).toBe(4);
  });

  it('erases from the card only after the copies are verified, and then the undo keeps the only copies', async () => {
    const to = path.join(dir, 'Pictures');
    const cardBefore = await filesUnder(card.root);
    const record = await core.startImport({ sources: [card.root], to, eraseSource: true });
    expect(record.erasedFromSource).toBe(card.expected.size);
    const cardAfter = await filesUnder(card.root);
    for (const source of card.expected.keys()) expect(cardAfter.has(source)).toBe(false);
    // What was not imported stays: the duplicates, the busy file, the camera's own files.
    for (const kept of [...card.duplicates, card.busy, path.join(card.root, 'MISC', 'AUTPLAY.TXT')]) expect(cardAfter.get(kept)).toBe(cardBefore.get(kept));
    const undo = await core.undoImport({});
    expect(undo.removed).toBe(0);
    expect(undo.kept).toHaveLength(card.expected.size);
    const copies = await filesUnder(to);
    expect([...copies.values()].sort()).toEqual([...card.expected.keys()].map((f) => cardBefore.get(f)).sort());
  });

  it('refuses clearly: a missing source, a bad pattern, a destination in the library data; and keeps a copy that changed', async () => {
    await expect(attempt(() => core.planImport({ sources: [path.join(dir, 'nope')] }))).rejects.toMatchObject({ code: 'ROOT_NOT_FOUND' });
    await expect(attempt(() => core.planImport({ sources: [card.root], to: path.join(dir, 'P'), pattern: '../{yyyy}' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(attempt(() => core.planImport({ sources: [card.root], to: path.join(dir, 'P'), pattern: '{camera}' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(attempt(() => core.planImport({ sources: [card.root], to: path.join(dir, 'library', 'x') }))).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const to = path.join(dir, 'Pictures');
    await expect(attempt(() => core.importThumbnail({ path: card.busy }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const plan = await core.planImport({ sources: [card.root], to, pattern: '{yyyy}-{mm}' });
    expect(new Set(plan.candidates.map((c) => path.dirname(c.target)))).toEqual(new Set(['2026-07']));
    // The import screen's thumbnails: only of files the plan listed, never of any path a page names.
    const thumb = await core.importThumbnail({ path: plan.candidates[0]?.path ?? '' });
    expect(thumb.dataUrl).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    await expect(attempt(() => core.importThumbnail({ path: card.busy }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(attempt(() => core.importThumbnail({ path: path.join(dir, 'library', 'settings.json') }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const record = await core.startImport({ sources: [card.root], to, pattern: '{yyyy}-{mm}' });
    const edited = record.files[0]?.to ?? '';
    await writeFile(edited, Buffer.concat([await readFile(edited), Buffer.from('edited')]));
    const undo = await core.undoImport({});
    expect(undo.kept.map((k) => k.path)).toEqual([edited]);
    expect((await filesUnder(to)).size).toBe(1);
  });

  it('cancels while it still reads the card: nothing copied, nothing in the history, the card untouched', async () => {
    const to = path.join(dir, 'Pictures');
    const before = await filesUnder(card.root);
    const running = core.startImport({ sources: [card.root], to });
    // the import is cancellable from the moment it is asked for, before its plan is made
    expect(await core.cancelImport({})).toMatchObject({ done: 0 });
    const cancelled = await running;
    expect(cancelled).toMatchObject({ state: 'cancelled', copied: 0, files: [] });
    expect(await filesUnder(to).catch(() => new Map())).toEqual(new Map());
    expect(await core.listImports({ limit: 10 })).toEqual([]);
    expect(await filesUnder(card.root)).toEqual(before);
    // and the next import runs as usual
    expect((await core.startImport({ sources: [card.root], to })).copied).toBe(card.expected.size);
  });

  it('pauses and cancels between files; a pulled card stops the import, and importing again finishes it without a duplicate', async () => {
    const to = path.join(dir, 'Pictures');
    const copies = async (): Promise<number> => [...(await filesUnder(to)).keys()].filter((f) => !path.basename(f).startsWith('.')).length;
    let progress: ImportProgress | null = null;
    core.on('importProgress', (p) => (progress = p));
    const copied = (): number => (progress?.phase === 'copying' ? progress.done : 0);
    // Test-only hook: each file action pauses between its steps, so the import is slow enough to act on.
    pauseMs = 150;
    const running = core.startImport({ sources: [card.root], to });
    await waitFor('two copies', () => copied() >= 2, 20_000, 10);
    expect(await core.pauseImport({ paused: true })).toMatchObject({ paused: true });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const whilePaused = (await filesUnder(to)).size;
    const doneWhilePaused = copied();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await filesUnder(to)).size).toBe(whilePaused);
    expect(copied()).toBe(doneWhilePaused);
    await core.pauseImport({ paused: false });
    await core.cancelImport({});
    const cancelled = await running;
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.copied).toBeLessThan(card.expected.size);
    expect(await copies()).toBe(cancelled.copied);
    await core.undoImport({});
    expect(await copies()).toBe(0);

    const pulling = core.startImport({ sources: [card.root], to });
    progress = null;
    await waitFor('three copies', () => copied() >= 3, 20_000, 10);
    const pulled = `${card.root}-pulled`;
    await rename(card.root, pulled);
    const interrupted = await pulling;
    expect(interrupted.state).toBe('interrupted');
    expect(interrupted.message).toMatch(/disappeared/);
    expect(interrupted.failed.map((f) => f.code).sort()).toEqual(['FILE_BUSY', 'FILE_UNREADABLE']);
    const partial = await filesUnder(to);
    expect([...partial.keys()].filter((f) => path.basename(f).startsWith('.'))).toEqual([]);
    expect(partial.size).toBe(interrupted.copied);

    await rename(pulled, card.root);
    pauseMs = 0;
    const resumed = await core.startImport({ sources: [card.root], to });
    expect(resumed.copied + interrupted.copied).toBe(card.expected.size);
    const all = await filesUnder(to);
    const cardNow = await filesUnder(card.root);
    expect([...all.values()].sort()).toEqual([...card.expected.keys()].map((f) => cardNow.get(f)).sort());
  });
});
