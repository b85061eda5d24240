import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, readdirSync, statSync, writeFileSync, utimesSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import type { ImportProgress, ImportRecord } from '../../../src-main/contract/imports.js';
import type { FileActionEntry } from '../../../src-main/core/catalog/file-actions-store.js';
import { SourceChangedError } from '../../../src-main/core/albums/mirror/file-ops.js';
import { openAlbumTables, type AlbumTables } from '../../../src-main/core/catalog/album-tables.js';
import { codeFor, failureOf, stagingFolder, type CopyDeps } from '../../../src-main/core/import/import-copy.js';
import { BATCH_LIMITS, copyPlanned } from '../../../src-main/core/import/import-pipeline.js';
import { ImportJob } from '../../../src-main/core/import/import-job.js';
import { undoImportActions } from '../../../src-main/core/import/import-undo.js';
import type { PlannedFile } from '../../../src-main/core/import/import-plan.js';
import { quickHash } from '../../../src-main/core/library/identity.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Every file under `root`, relative path → SHA-256. */
async function tree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    out.set(path.relative(root, full), sha(await readFile(full)));
  }
  return out;
}

describe('copyPlanned: the import copy, batch by batch (real files, real LanceDB log)', () => {
  let dir: string;
  let card: string;
  let dest: string;
  let tables: AlbumTables;
  let cleanup: () => Promise<void>;
  /** what the test does after each file is staged (the file action log's test pause hook) */
  let afterStaged: (n: number) => void;
  let staged: number;
  let saves: ImportRecord[];
  let progress: ImportProgress[];
  let deps: CopyDeps;
  /** every row the copy logged, in order (the real log's own record, watched) */
  let logged: FileActionEntry[];

  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-import-run-'));
    card = path.join(dir, 'card');
    dest = path.join(dir, 'Pictures');
    await mkdir(card);
    await mkdir(dest);
    tables = await openAlbumTables(path.join(dir, 'catalog'));
    staged = 0;
    afterStaged = () => undefined;
    saves = [];
    progress = [];
    logged = [];
    const store = tables.fileActions;
    const record = store.record.bind(store);
    store.record = (entries) => {
      logged.push(...entries);
      return record(entries);
    };
    deps = {
      fileActions: {
        actions: tables.fileActions,
        relocated: () => Promise.resolve(),
        pauseMs: () => {
          staged += 1;
          afterStaged(staged);
          return 0;
        },
      },
      save: (r) => {
        saves.push(structuredClone(r));
        return Promise.resolve();
      },
    };
  });
  afterEach(async () => {
    await tables.close();
    await cleanup();
  });

  async function photo(name: string, bytes = randomBytes(20_000 + Math.floor(Math.random() * 5000))): Promise<string> {
    const file = path.join(card, name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
    // Old enough not to look busy, and the same time whatever the file system's precision.
    utimesSync(file, new Date(2024, 4, 1), new Date(2024, 4, 1));
    return file;
  }

  async function planned(file: string, target = path.join('2024', path.basename(file))): Promise<PlannedFile> {
    const info = await stat(file);
    return { path: file, size: info.size, mtime: info.mtimeMs, kind: 'photo', takenAt: info.mtimeMs, target, quickHash: await quickHash(file, info.size), sha256: null };
  }

  function newRecord(): ImportRecord {
    return {
      id: 'run1', state: 'running', sources: [card], destination: dest, pattern: '{yyyy}', startedAt: '', finishedAt: null, copied: 0,
      alreadyInLibrary: 0, failed: [], bytes: 0, indexed: 0, erasedFromSource: 0, filing: [], files: [], createdFolders: [], filedActionIds: [], message: null,
    };
  }

  function jobFor(files: readonly PlannedFile[]): ImportJob {
    const job = new ImportJob('run1', (p) => progress.push(p));
    job.planned(files.length, files.reduce((sum, f) => sum + f.size, 0));
    return job;
  }

  const temps = async (): Promise<string[]> => [...(await tree(dest)).keys()].filter((f) => path.basename(f).startsWith('.'));
  const states = (): string[] => tables.fileActions.actions().map((a) => a.state).sort();

  it('copies each file under its pattern folder, verified and logged done, never over an existing name', async () => {
    const files = [await photo('DCIM/100/IMG_1.JPG'), await photo('DCIM/100/IMG_2.JPG'), await photo('DCIM/101/IMG_1.JPG')];
    const plan = await Promise.all(files.map((f) => planned(f)));
    // a file of that name is in the folder already (and the two IMG_1 of the card land in one folder)
    await mkdir(path.join(dest, '2024'));
    await writeFile(path.join(dest, '2024', 'IMG_2.JPG'), 'someone else\'s photo');
    const before = await tree(card);
    const record = newRecord();
    const job = jobFor(plan);
    const done = await copyPlanned(deps, plan, record, job);

    expect(record.copied).toBe(3);
    expect(record.bytes).toBe(plan.reduce((sum, f) => sum + f.size, 0));
    expect(record.failed).toEqual([]);
    expect(record.createdFolders).toEqual([]);
    const to = (from: string): string => path.relative(dest, record.files.find((f) => f.from === from)?.to ?? '');
    expect(to(files[0] ?? '')).toBe(path.join('2024', 'IMG_1.JPG'));
    expect(to(files[1] ?? '')).toBe(path.join('2024', 'IMG_2 (2).JPG'));
    expect(to(files[2] ?? '')).toBe(path.join('2024', 'IMG_1 (2).JPG'));
    expect(await readFile(path.join(dest, '2024', 'IMG_2.JPG'), 'utf8')).toBe('someone else\'s photo');
    for (const f of record.files) expect(sha(await readFile(f.to))).toBe(sha(await readFile(f.from)));
    // the log: each copy done, tagged with the import, with the SHA-256 of its bytes and the source's quick hash
    expect(done.map((d) => d.dest).sort()).toEqual(record.files.map((f) => f.to).sort());
    for (const action of tables.fileActions.actions()) {
      expect(action).toMatchObject({ state: 'done', album_id: 'import:run1', mode: 'copy' });
      expect(action.sha256).toBe(sha(await readFile(action.source)));
      expect(action.photo_id).toBe(plan.find((p) => p.path === action.source)?.quickHash);
    }
    // each copy is logged once verified, with its hash, under the name it ends with (the listing saw IMG_2.JPG), before
    // it is put there; then done
    const staged = logged.slice(0, 3);
    expect(staged.map((i) => i.state)).toEqual(['intent', 'intent', 'intent']);
    expect(staged.every((i) => i.sha256.length === 64)).toBe(true);
    expect(staged.map((i) => path.relative(dest, i.dest))).toEqual([path.join('2024', 'IMG_1.JPG'), path.join('2024', 'IMG_2 (2).JPG'), path.join('2024', 'IMG_1 (2).JPG')]);
    expect(logged.slice(3).map((i) => i.state)).toEqual(['done', 'done', 'done']);
    expect(logged).toHaveLength(6);
    expect(await temps()).toEqual([]);
    expect(await tree(card)).toEqual(before);
    // one chunk: the header saved once before its copies
    expect(saves.map((s) => s.copied)).toEqual([0]);
    expect(progress.at(-1)).toMatchObject({ phase: 'copying', done: 3, failed: 0, total: 3, bytesDone: record.bytes, bytesTotal: record.bytes });
  });

  it('stages every copy in the import\'s own hidden folder, which is gone when the copy ends', async () => {
    const plan = [await planned(await photo('a.jpg'), path.join('2024', '2024-05-01', 'a.jpg')), await planned(await photo('b.jpg'), path.join('2024', '2024-05-02', 'b.jpg'))];
    const staging = stagingFolder(dest, 'run1');
    const seen: string[][] = [];
    afterStaged = () => seen.push(readdirSync(staging));
    const record = newRecord();
    await copyPlanned(deps, plan, record, jobFor(plan));
    expect(record.copied).toBe(2);
    // while the files copied, their temps were in the staging folder, none beside a final name
    expect(seen.at(-1)?.length).toBe(2);
    for (const action of tables.fileActions.actions()) expect(path.dirname(action.temp ?? '')).toBe(staging);
    expect(existsSync(staging)).toBe(false);
    expect(await readdir(dest)).toEqual(['2024']);
  });

  it('makes a chunk\'s day folders at once, and the undo removes every one of them, whatever order they were noted in', async () => {
    const targets = [path.join('2024', '2024-05-01'), path.join('2024', '2024-05-02'), path.join('2025', '2025-01-01'), path.join('2024', '2024-05-03')];
    const plan = await Promise.all(targets.map(async (folder, i) => planned(await photo(`IMG_${i}.JPG`), path.join(folder, `IMG_${i}.JPG`))));
    const record = newRecord();
    await copyPlanned(deps, plan, record, jobFor(plan));
    expect(record.copied).toBe(4);
    expect([...record.createdFolders].sort()).toEqual(['2024', '2025', ...targets].map((f) => path.join(dest, f)).sort());
    // noted children first, as folders made at once may be
    record.createdFolders.sort((a, b) => b.length - a.length);
    expect(await undoImportActions(deps.fileActions, record)).toMatchObject({ removed: 4, kept: [] });
    expect(await readdir(dest)).toEqual([]);
  });

  const otherDisk = ['/dev/shm'].find((d) => existsSync(d) && statSync(d).dev !== statSync(process.cwd()).dev);
  it.skipIf(otherDisk === undefined)('stages beside the final name a day folder that is on another disk (a link cannot cross disks)', async () => {
    const external = await mkdtemp(path.join(otherDisk ?? '', 'shoebox-external-'));
    try {
      await symlink(external, path.join(dest, '2024'));
      const plan = [await planned(await photo('a.jpg')), await planned(await photo('b.jpg'), path.join('2025', 'b.jpg'))];
      const record = newRecord();
      await copyPlanned(deps, plan, record, jobFor(plan));
      expect(record.failed).toEqual([]);
      expect(record.copied).toBe(2);
      const tempOf = (name: string): string => path.dirname(tables.fileActions.actions().find((a) => path.basename(a.dest) === name)?.temp ?? '');
      expect(tempOf('a.jpg')).toBe(path.join(dest, '2024'));
      expect(tempOf('b.jpg')).toBe(stagingFolder(dest, 'run1'));
      expect(sha(await readFile(path.join(external, 'a.jpg')))).toBe(sha(await readFile(plan[0]?.path ?? '')));
      expect(readdirSync(external)).toEqual(['a.jpg']);
    } finally {
      await rm(external, { recursive: true, force: true });
    }
  });

  it('makes the pattern folders it needs and notes them for undo', async () => {
    const plan = [await planned(await photo('a.jpg'), path.join('2023', '2023-01-02', 'a.jpg'))];
    const record = newRecord();
    await copyPlanned(deps, plan, record, jobFor(plan));
    expect(record.createdFolders).toEqual([path.join(dest, '2023'), path.join(dest, '2023', '2023-01-02')]);
    expect(record.copied).toBe(1);
  });

  it('copies a full chunk in one chunk and the next file in a second, by count and by bytes', async () => {
    const plan: PlannedFile[] = [];
    for (let i = 0; i < 5; i++) plan.push(await planned(await photo(`IMG_${String(i).padStart(4, '0')}.JPG`, randomBytes(1000 + i))));
    const limits = { files: 4, bytes: 1_000_000 };
    const record = newRecord();
    await copyPlanned(deps, plan.slice(0, 4), record, jobFor(plan), limits);
    expect(saves.length).toBe(1);
    expect(record.copied).toBe(4);
    const second = newRecord();
    await copyPlanned(deps, plan.slice(4), second, jobFor(plan), limits);
    expect(second.copied).toBe(1);
    saves = [];
    const third = newRecord();
    const again = plan.map((p) => ({ ...p, target: path.join('again', path.basename(p.path)) }));
    await copyPlanned(deps, again, third, jobFor(again), limits);
    expect(saves.map((s) => s.copied)).toEqual([0, 4]);
    expect(third.copied).toBe(5);
    // by bytes: files of 1,000 to 1,004 bytes go 2 to a chunk under a 2,100-byte cap
    saves = [];
    const fourth = newRecord();
    const more = plan.map((p) => ({ ...p, target: path.join('bytes', path.basename(p.path)) }));
    await copyPlanned(deps, more, fourth, jobFor(more), { files: 100, bytes: 2100 });
    expect(saves.map((s) => s.copied)).toEqual([0, 2, 4]);
    expect(fourth.copied).toBe(5);
    // the headers saved along the way leave out the files copied so far (each is in the file action log); the record has them all
    expect(saves.map((s) => s.files)).toEqual([[], [], []]);
    expect(fourth.files).toHaveLength(5);
  });

  it('logs a batch when 64 copies or 256 MB wait, while the next files copy', () => {
    expect(BATCH_LIMITS).toEqual({ files: 64, bytes: 256 * 2 ** 20 });
  });

  it('leaves a file that changed since the plan (FILE_BUSY) and copies the rest', async () => {
    const plan = [await planned(await photo('a.jpg')), await planned(await photo('b.jpg'))];
    await writeFile(plan[0]?.path ?? '', 'rewritten by the camera');
    const record = newRecord();
    await copyPlanned(deps, plan, record, jobFor(plan));
    expect(record.copied).toBe(1);
    expect(record.failed).toHaveLength(1);
    expect(record.failed[0]).toMatchObject({ path: plan[0]?.path, code: 'FILE_BUSY' });
    expect(record.failed[0]?.message).toMatch(/changed since the import looked at it/);
    expect(record.message).toBeNull();
    // a file not copied has no row: nothing of it was ever logged or put anywhere
    expect(states()).toEqual(['done']);
    expect(await temps()).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ done: 1, failed: 1 });
  });

  it('makes each file\'s folder while it copies, and removes those it made for files that then failed', async () => {
    const busy = await photo('busy.jpg');
    const plan = [await planned(busy, path.join('2023', '2023-05-01', 'busy.jpg')), await planned(await photo('ok.jpg'))];
    await writeFile(busy, 'rewritten by the camera');
    // a folder of the person's own is never removed, even when the file meant for it failed
    await mkdir(path.join(dest, '2022'));
    plan.push(await planned(await photo('busy2.jpg'), path.join('2022', 'busy2.jpg')));
    await writeFile(plan[2]?.path ?? '', 'rewritten too');
    const record = newRecord();
    await copyPlanned(deps, plan, record, jobFor(plan));
    expect(record.copied).toBe(1);
    expect(record.failed.map((f) => f.code)).toEqual(['FILE_BUSY', 'FILE_BUSY']);
    expect(record.createdFolders).toEqual([path.join(dest, '2024')]);
    expect([...(await readdir(dest))].sort()).toEqual(['2022', '2024']);
  });

  it('names an unreadable source (gone, or now a FIFO) FILE_UNREADABLE, says what to do, and goes on', async () => {
    const plan = [await planned(await photo('gone.jpg')), await planned(await photo('fifo.jpg')), await planned(await photo('ok.jpg'))];
    rmSync(plan[0]?.path ?? '');
    rmSync(plan[1]?.path ?? '');
    execFileSync('mkfifo', [plan[1]?.path ?? '']);
    const record = newRecord();
    await copyPlanned(deps, plan, record, jobFor(plan));
    expect(record.copied).toBe(1);
    const byPath = new Map(record.failed.map((f) => [f.path, f]));
    expect(byPath.get(plan[0]?.path ?? '')).toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(byPath.get(plan[0]?.path ?? '')?.message).toMatch(/ENOENT.*check the card/);
    expect(byPath.get(plan[1]?.path ?? '')).toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(byPath.get(plan[1]?.path ?? '')?.message).toMatch(/FIFO/);
    expect(byPath.get(plan[1]?.path ?? '')?.message).not.toMatch(/check the card/);
    expect(record.message).toBeNull();
    expect(await temps()).toEqual([]);
  });

  it('fails the files whose destination folder vanished after it was made as the library\'s side (FILE_OPERATION_FAILED)', async () => {
    const plan = [await planned(await photo('a.jpg')), await planned(await photo('b.jpg'))];
    // The header is saved after the files are named and before they are copied: the folder goes then
    // (another program removed it, or the disk under it went away).
    const removing: CopyDeps = {
      ...deps,
      save: (r) => {
        rmSync(path.join(dest, '2024'), { recursive: true, force: true });
        return deps.save(r);
      },
    };
    const record = newRecord();
    await copyPlanned(removing, plan, record, jobFor(plan));
    expect(record.copied).toBe(0);
    expect(record.failed.map((f) => [f.path, f.code]).sort()).toEqual(plan.map((p) => [p.path, 'FILE_OPERATION_FAILED']).sort());
    expect(record.failed[0]?.message).toMatch(/\.shoebox-.*destination folder still exists/);
    expect(record.message).toBeNull();
    expect(states()).toEqual(['failed', 'failed']);
  });

  it('stops, without failing the rest, when the card is pulled mid-chunk; what was copied stays done', async () => {
    const plan: PlannedFile[] = [];
    for (let i = 0; i < 12; i++) plan.push(await planned(await photo(`DCIM/IMG_${i}.JPG`)));
    const before = await tree(card);
    afterStaged = (n) => {
      if (n === 2) renameSync(card, `${card}-pulled`);
    };
    const other = path.join(dir, 'phone');
    await mkdir(other);
    const record = { ...newRecord(), sources: [card, other] };
    const job = jobFor(plan);
    const done = await copyPlanned(deps, plan, record, job);
    expect(job.cancelled).toBe(true);
    expect(record.message).toBe(`${card}, ${other} disappeared (was the card removed?). Insert it again and import again to finish; nothing is duplicated.`);
    expect(record.copied).toBeGreaterThanOrEqual(2);
    expect(record.copied).toBeLessThan(12);
    expect(done).toHaveLength(record.copied);
    // the files that failed as the card went are not listed as failures one by one
    expect(record.failed).toEqual([]);
    expect(await temps()).toEqual([]);
    const copies = await tree(dest);
    expect(copies.size).toBe(record.copied);
    for (const [name, sum] of copies) expect(before.get(path.join('DCIM', path.basename(name)))).toBe(sum);
    // only what was copied was logged, and it is done
    expect(states()).toEqual(Array.from({ length: record.copied }, () => 'done'));
  });

  it('cancels between files: the files in flight finish verified and are put in place, the rest are not started, no temp is left', async () => {
    const plan: PlannedFile[] = [];
    for (let i = 0; i < 10; i++) plan.push(await planned(await photo(`IMG_${i}.JPG`)));
    const job = jobFor(plan);
    afterStaged = (n) => {
      if (n === 1) job.cancel();
    };
    const record = newRecord();
    const done = await copyPlanned(deps, plan, record, job);
    expect(record.copied).toBe(done.length);
    expect(record.copied).toBeGreaterThanOrEqual(1);
    expect(record.copied).toBeLessThanOrEqual(4);
    expect(record.failed).toEqual([]);
    expect(await temps()).toEqual([]);
    expect((await tree(dest)).size).toBe(record.copied);
    expect(states()).toEqual(Array.from({ length: record.copied }, () => 'done'));
    expect(progress.at(-1)).toMatchObject({ done: record.copied, failed: 0 });
  });

  it('stops a big file being copied when the import is cancelled (temp removed, nothing logged of it); a real failure stays a failure', async () => {
    // a photo, a 20 MB photo and a video over the 32 MB read whole all start at once; the small one is staged first
    const small = await planned(await photo('a.jpg'));
    const medium = await planned(await photo('m.jpg', randomBytes(20 * 1024 * 1024)));
    const video = await planned(await photo('b.mov', randomBytes(48 * 1024 * 1024)));
    const plan = [small, medium, video];
    const job = jobFor(plan);
    // The 20 MB photo was touched by the camera since the plan (before the copy, so no copy can finish first,
    // whatever the machine's load): that is a failure, not the cancel.
    utimesSync(medium.path, new Date(2024, 6, 1), new Date(2024, 6, 1));
    afterStaged = (n) => {
      if (n === 1) job.cancel();
    };
    const record = newRecord();
    const done = await copyPlanned(deps, plan, record, job);
    expect(done.map((d) => path.basename(d.dest))).toEqual(['a.jpg']);
    expect(record.copied).toBe(1);
    expect(record.failed.map((f) => [f.path, f.code])).toEqual([[medium.path, 'FILE_BUSY']]);
    expect(await temps()).toEqual([]);
    expect([...(await tree(dest)).keys()]).toEqual([path.join('2024', 'a.jpg')]);
    const rowOf = (file: PlannedFile) => tables.fileActions.actions().find((a) => a.source === file.path);
    expect(rowOf(video)).toBeUndefined();
    expect(rowOf(medium)).toBeUndefined();
    expect(rowOf(small)).toMatchObject({ state: 'done' });
    expect(progress.at(-1)).toMatchObject({ done: 1, failed: 1 });
  });

  it('stops copying when the log cannot be written, and reports it only once the copies under way are over', async () => {
    const plan: PlannedFile[] = [];
    for (let i = 0; i < 10; i++) plan.push(await planned(await photo(`IMG_${i}.JPG`)));
    // each copier rests 100 ms after each copy (the log's test pause), so copies are still to come when the log fails
    const failing: CopyDeps = { fileActions: { ...deps.fileActions, pauseMs: () => 100 }, save: () => Promise.reject(new Error('the catalogue is gone')) };
    const job = jobFor(plan);
    await expect(copyPlanned(failing, plan, newRecord(), job, { files: 2, bytes: 1e9 })).rejects.toThrow('the catalogue is gone');
    expect(job.cancelled).toBe(true);
    const reported = progress.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    // nothing copies on after the error, nothing got a name, nothing was logged
    expect(progress.length).toBe(reported);
    expect(progress.at(-1)?.done).toBeLessThan(10);
    expect([...(await tree(dest)).keys()].filter((f) => !f.startsWith('.shoebox-import-'))).toEqual([]);
    expect(tables.fileActions.actions()).toEqual([]);
  });

  it('logs nothing when cancelled before the first chunk', async () => {
    const plan = [await planned(await photo('a.jpg'))];
    const job = jobFor(plan);
    job.cancel();
    const record = newRecord();
    expect(await copyPlanned(deps, plan, record, job)).toEqual([]);
    expect(saves).toEqual([]);
    expect(tables.fileActions.actions()).toEqual([]);
  });

  it('counts a verified copy that could not be put in place as failed (FILE_OPERATION_FAILED), not done', async () => {
    const plan = [await planned(await photo('a.jpg'))];
    afterStaged = () => {
      // the staged temp disappears before it is linked into place (temps are staged in the import's own hidden folder)
      const staging = stagingFolder(dest, 'run1');
      for (const name of readdirSync(staging)) rmSync(path.join(staging, name));
    };
    const record = newRecord();
    const done = await copyPlanned(deps, plan, record, jobFor(plan));
    expect(done).toEqual([]);
    expect(record.copied).toBe(0);
    expect(record.bytes).toBe(0);
    expect(record.files).toEqual([]);
    expect(record.failed.map((f) => [f.path, f.code])).toEqual([[plan[0]?.path, 'FILE_OPERATION_FAILED']]);
    expect(record.failed[0]?.message).toMatch(/a\.jpg: .*ENOENT/);
    expect(progress.at(-1)).toMatchObject({ done: 0, failed: 1 });
    expect(states()).toEqual(['failed']);
  });

  it('gives a name taken during the copy the next free one', async () => {
    const plan = [await planned(await photo('a.jpg'))];
    afterStaged = () => {
      mkdirSync(path.join(dest, '2024'), { recursive: true });
      writeFileSync(path.join(dest, '2024', 'a.jpg'), 'arrived meanwhile');
    };
    const record = newRecord();
    await copyPlanned(deps, plan, record, jobFor(plan));
    expect(record.files).toEqual([{ from: plan[0]?.path, to: path.join(dest, '2024', 'a (2).jpg') }]);
    expect(await readFile(path.join(dest, '2024', 'a.jpg'), 'utf8')).toBe('arrived meanwhile');
    expect(tables.fileActions.actions()[0]).toMatchObject({ state: 'done', dest: path.join(dest, '2024', 'a (2).jpg') });
  });
});

describe('the code and the advice of a file the import could not copy', () => {
  const errno = (code: string, file?: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed`), { code, ...(file === undefined ? {} : { path: file }) });
  it('maps each cause to its code', () => {
    expect(codeFor(new SourceChangedError('changed'), '/card/a.jpg')).toBe('FILE_BUSY');
    expect(codeFor(new AppError('IMAGE_TOO_LARGE', 'big'), '/card/a.jpg')).toBe('IMAGE_TOO_LARGE');
    for (const code of ['ENOSPC', 'EDQUOT']) {
      expect(codeFor(errno(code), '/card/a.jpg')).toBe('DISK_FULL');
      expect(codeFor(errno(code, '/lib/.part'), '/card/a.jpg')).toBe('DISK_FULL');
    }
    for (const code of ['EACCES', 'EPERM', 'EIO', 'ENOENT', 'ENXIO']) {
      expect(codeFor(errno(code), '/card/a.jpg')).toBe('FILE_UNREADABLE');
      expect(codeFor(errno(code, '/card/a.jpg'), '/card/a.jpg')).toBe('FILE_UNREADABLE');
      expect(codeFor(errno(code, '/lib/2024/.shoebox-1.part'), '/card/a.jpg')).toBe('FILE_OPERATION_FAILED');
    }
    expect(codeFor(errno('EMFILE'), '/card/a.jpg')).toBe('FILE_OPERATION_FAILED');
    expect(codeFor(new Error('the copy does not read back intact'), '/card/a.jpg')).toBe('FILE_OPERATION_FAILED');
    expect(codeFor(null, '/card/a.jpg')).toBe('FILE_OPERATION_FAILED');
  });

  it('names the file and says what to do', () => {
    expect(failureOf('/card/a.jpg', errno('ENOSPC'))).toEqual({
      path: '/card/a.jpg', code: 'DISK_FULL', message: '/card/a.jpg: ENOSPC: failed. The destination disk is full: free some space, then import again to copy the rest.',
    });
    expect(failureOf('/card/a.jpg', errno('EIO')).message).toBe('/card/a.jpg: EIO: failed. It was left on the source: check the card (or the file\'s permissions), then import again.');
    expect(failureOf('/card/a.jpg', errno('ENOENT', '/lib/x')).message).toBe('/card/a.jpg: ENOENT: failed. Check that the destination folder still exists and can be written, then import again.');
    expect(failureOf('/card/a.jpg', new SourceChangedError('it changed; left for the next import.'))).toEqual({ path: '/card/a.jpg', code: 'FILE_BUSY', message: '/card/a.jpg: it changed; left for the next import.' });
    expect(failureOf('/card/a.jpg', new AppError('FILE_UNREADABLE', 'a FIFO; remove it.')).message).toBe('/card/a.jpg: a FIFO; remove it.');
    expect(failureOf('/card/a.jpg', 'odd').message).toBe('/card/a.jpg: odd. Check that the destination folder still exists and can be written, then import again.');
  });
});
