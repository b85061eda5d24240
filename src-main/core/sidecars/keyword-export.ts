import { mkdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { KeywordExportProgress, KeywordExportReport, KeywordExportUndoReport } from '../../contract/tags.js';
import { toErrorPayload } from '../../contract/errors.js';
import { rawCompanions } from '../library/companions.js';
import { fsyncPath, writeFileAtomic } from '../util/atomic-file.js';
import { ExportJournal, exportsDir, newExportId, pruneExports, summarise, type Intent } from './export-log.js';
import type { ShoeboxKeywords } from './keyword-merge.js';
import { currentSha, sha256, sidecarError, sidecarTarget, stageSidecar, writeNew } from './sidecar-file.js';

/** What an export needs to know of the library: which photos, where, and their tags and albums. */
export interface KeywordSource {
  /** every photo's id and path; or the given ones' (unknown ids left out) */
  photos(ids?: readonly string[]): { id: string; path: string }[];
  /** each photo's tags and the names of the albums it is in */
  keywords(ids: readonly string[]): Promise<Map<string, ShoeboxKeywords>>;
}

/** Test-only: `pauseMs` (CoreOptions.timings.sidecarPauseMs) pauses before each rename, so a test can kill mid-export. */
async function testPause(ms: number): Promise<void> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}

const tempFor = (sidecar: string, exportId: string, n: number): string =>
  path.join(path.dirname(sidecar), `.${path.basename(sidecar)}.shoebox-${exportId}-${n}.tmp`);

/** How often a running export reports its progress. */
const PROGRESS_EVERY_MS = 250;

/** Counts, rate and ETA of one export, reported at most every PROGRESS_EVERY_MS and once at its end. */
class ExportProgress {
  private readonly started = Date.now();
  private reported = 0;

  constructor(
    private readonly total: number,
    private readonly report: (progress: KeywordExportProgress) => void,
  ) {}

  tell(done: number, failed: number, finished = false): void {
    const now = Date.now();
    if (!finished && now - this.reported < PROGRESS_EVERY_MS) return;
    this.reported = now;
    const rate = done / Math.max(0.001, (now - this.started) / 1000);
    const etaSeconds = finished ? 0 : rate > 0 ? (this.total - done) / rate : null;
    this.report({ done, total: this.total, failed, rate, etaSeconds, finished });
  }
}

/**
 * Sidecar exports and their undo, one at a time (see [Note: sidecar export log]). A running export reports its
 * progress (photos looked at, of how many, rate and ETA) through `onProgress`, and `cancel` stops it after the
 * photo it is at: the sidecars written so far stay, logged, so the export can be undone like a finished one.
 */
export class KeywordExporter {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly root: string;
  private running = false;
  private cancelAsked = false;

  constructor(
    libraryDir: string,
    private readonly source: KeywordSource,
    private readonly pauseMs = 0,
    private readonly onProgress: (progress: KeywordExportProgress) => void = () => undefined,
  ) {
    this.root = exportsDir(libraryDir);
  }

  /** Stops the running export after its current photo; false when none is running. */
  cancel(): boolean {
    if (this.running) this.cancelAsked = true;
    return this.running;
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves once the exports and undos asked for so far are finished. */
  async idle(): Promise<void> {
    await this.chain;
  }

  export(photoIds?: readonly string[]): Promise<KeywordExportReport> {
    return this.serial(async () => {
      this.running = true;
      this.cancelAsked = false;
      try {
        return await this.run(photoIds);
      } finally {
        this.running = false;
        this.cancelAsked = false;
      }
    });
  }

  undoLast(): Promise<KeywordExportUndoReport> {
    return this.serial(() => this.undo());
  }

  /** Settles what a crash interrupted: temp files go, each open intent is marked by what the sidecar holds. */
  recover(): Promise<void> {
    return this.serial(async () => {
      for (const id of await ExportJournal.ids(this.root)) {
        const journal = ExportJournal.of(this.root, id);
        const state = summarise(await journal.entries());
        for (const intent of state.open) {
          await rm(intent.temp, { force: true }).catch(() => undefined);
          const now = await currentSha(intent.sidecar).catch(() => null);
          await journal.append({ op: now === intent.after ? 'done' : 'rolled-back', n: intent.n });
        }
        if (!state.ended) await journal.append({ op: 'end', interrupted: true });
      }
      await rm(path.join(this.root, '.stage'), { recursive: true, force: true });
    });
  }

  private async run(photoIds?: readonly string[]): Promise<KeywordExportReport> {
    const photos = this.source.photos(photoIds);
    const wanted = await this.source.keywords(photos.map((p) => p.id));
    const journal = ExportJournal.of(this.root, newExportId());
    const stageDir = path.join(this.root, '.stage');
    await mkdir(stageDir, { recursive: true });
    const report: KeywordExportReport = { exportId: null, photos: photos.length, written: 0, created: 0, unchanged: 0, failed: [] };
    const progress = new ExportProgress(photos.length, this.onProgress);
    let n = 0;
    let looked = 0;
    for (const photo of photos) {
      if (this.cancelAsked) {
        report.cancelled = true;
        break;
      }
      const keywords = wanted.get(photo.id) ?? { tags: [], albums: [] };
      const empty = keywords.tags.length === 0 && keywords.albums.length === 0;
      for (const file of [photo.path, ...(await rawCompanions(photo.path))]) {
        try {
          const target = await sidecarTarget(file);
          // a photo with nothing to say gets no new sidecar; an existing one may still hold keywords to take away
          const staged = target.before === null && empty ? null : await stageSidecar(target, keywords, path.join(stageDir, `${journal.id}.xmp`));
          if (staged === null) {
            report.unchanged += 1;
            continue;
          }
          n += 1;
          if (target.before !== null) await journal.saveBackup(n, target.before);
          const intent: Intent = {
            op: 'intent', n, photoId: photo.id, sidecar: target.path, temp: tempFor(target.path, journal.id, n),
            before: target.before === null ? null : sha256(target.before), after: sha256(staged.bytes),
          };
          await journal.append(intent);
          report.exportId = journal.id;
          await this.place(journal, intent, staged.bytes);
          if (target.before === null) report.created += 1;
          else report.written += 1;
        } catch (error) {
          const payload = toErrorPayload(error);
          const named = typeof payload.details?.['file'] === 'string' ? payload.details['file'] : file;
          report.failed.push({ photoId: photo.id, path: named, code: payload.code, message: payload.message });
        }
      }
      looked += 1;
      progress.tell(looked, report.failed.length);
    }
    progress.tell(looked, report.failed.length, true);
    await rm(stageDir, { recursive: true, force: true });
    if (report.exportId !== null) {
      await journal.append({ op: 'end' });
      await pruneExports(this.root);
    }
    return report;
  }

  /** Temp file beside the sidecar, fsynced, renamed over it, folder fsynced; then the outcome is logged. */
  private async place(journal: ExportJournal, intent: Intent, bytes: Buffer): Promise<void> {
    try {
      await writeNew(intent.temp, bytes);
      await testPause(this.pauseMs);
      await rename(intent.temp, intent.sidecar);
      await fsyncPath(path.dirname(intent.sidecar));
    } catch (error) {
      await rm(intent.temp, { force: true }).catch(() => undefined);
      await journal.append({ op: 'rolled-back', n: intent.n });
      throw sidecarError(intent.sidecar, error);
    }
    await journal.append({ op: 'done', n: intent.n });
  }

  private async undo(): Promise<KeywordExportUndoReport> {
    for (const id of (await ExportJournal.ids(this.root)).reverse()) {
      const journal = ExportJournal.of(this.root, id);
      const state = summarise(await journal.entries());
      if (state.undoEnded || state.done.length === 0) continue;
      const report: KeywordExportUndoReport = { exportId: id, restored: 0, removed: 0, kept: [] };
      for (const intent of [...state.done].reverse()) {
        if (state.undone.has(intent.n)) continue;
        const outcome = await this.undoOne(journal, intent).catch((error: unknown) => ({ kept: toErrorPayload(error).message }));
        if (outcome === 'restored') report.restored += 1;
        else if (outcome === 'removed') report.removed += 1;
        else report.kept.push({ path: intent.sidecar, message: outcome.kept });
        await journal.append({ op: 'undone', n: intent.n, outcome: typeof outcome === 'string' ? outcome : 'kept' });
      }
      await journal.append({ op: 'undo-end' });
      return report;
    }
    return { exportId: null, restored: 0, removed: 0, kept: [] };
  }

  /** Puts one sidecar back as it was, only while it holds what the export wrote (or already is as it was). */
  private async undoOne(journal: ExportJournal, intent: Intent): Promise<'restored' | 'removed' | { kept: string }> {
    const now = await currentSha(intent.sidecar);
    if (now === intent.before) return intent.before === null ? 'removed' : 'restored';
    if (now !== intent.after) return { kept: `${intent.sidecar} changed since the export (another tool?); it was kept as it is` };
    if (intent.before === null) {
      await unlink(intent.sidecar);
      await fsyncPath(path.dirname(intent.sidecar));
      return 'removed';
    }
    const bytes = await readFile(journal.backup(intent.n));
    if (sha256(bytes) !== intent.before) return { kept: `the saved copy of ${intent.sidecar} from before the export is damaged; the sidecar was kept` };
    await writeFileAtomic(intent.sidecar, bytes);
    return 'restored';
  }
}
