import type { ImportProgress } from '../../contract/imports.js';

/**
 * The running import's controls and figures: pause and cancel take effect between two files, and a
 * cancel also stops a big file being copied (its temp removed; a file is never left half-copied by
 * either), and the rate counts only time not paused.
 */
export class ImportJob {
  private pausedAt: number | null = null;
  private pausedMs = 0;
  /** when the copy started: the rate counts from there, not from the plan */
  private started = Date.now();
  /** everyone waiting in `proceed` (several files are in flight) */
  private waiters: (() => void)[] = [];
  cancelled = false;
  /** aborted by a cancel: a big file being copied stops at once instead of after its last byte */
  private readonly aborter = new AbortController();
  readonly progress: ImportProgress;

  constructor(
    importId: string,
    private readonly emit: (p: ImportProgress) => void,
  ) {
    this.progress = {
      importId, phase: 'planning', done: 0, failed: 0, total: 0, bytesDone: 0, bytesTotal: 0, rate: 0, etaSeconds: null, paused: false, current: null,
    };
  }

  /** The plan is made: the copy starts, counted against these. */
  planned(total: number, bytesTotal: number): void {
    this.progress.phase = 'copying';
    this.started = Date.now();
    this.progress.total = total;
    this.progress.bytesTotal = bytesTotal;
  }

  /** The plan, read while the copy ran, is complete: the totals it gives replace the first estimate. */
  replanned(total: number, bytesTotal: number): void {
    this.progress.total = total;
    this.progress.bytesTotal = bytesTotal;
    this.emit(this.snapshot());
  }

  setPaused(paused: boolean): ImportProgress {
    if (paused && this.pausedAt === null) this.pausedAt = Date.now();
    if (!paused && this.pausedAt !== null) {
      this.pausedMs += Date.now() - this.pausedAt;
      this.pausedAt = null;
      for (const wake of this.waiters.splice(0)) wake();
    }
    this.progress.paused = this.pausedAt !== null;
    this.emit(this.snapshot());
    return this.snapshot();
  }

  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  cancel(): ImportProgress {
    this.cancelled = true;
    this.aborter.abort();
    this.setPaused(false);
    return this.snapshot();
  }

  /** Waits while paused; true when the import should go on. */
  async proceed(): Promise<boolean> {
    while (this.pausedAt !== null && !this.cancelled) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return !this.cancelled;
  }

  phase(phase: ImportProgress['phase']): void {
    this.progress.phase = phase;
    this.progress.current = null;
    this.emit(this.snapshot());
  }

  fileDone(bytes: number, ok: boolean, next: string | null): void {
    if (ok) this.progress.done += 1;
    else this.progress.failed += 1;
    this.progress.bytesDone += bytes;
    this.progress.current = next;
    const seconds = (Date.now() - this.started - this.pausedMs) / 1000;
    this.progress.rate = seconds > 0 ? this.progress.bytesDone / seconds : 0;
    const left = this.progress.bytesTotal - this.progress.bytesDone;
    this.progress.etaSeconds = this.progress.rate > 0 ? left / this.progress.rate : null;
    this.emit(this.snapshot());
  }

  /** A copied file that could not be given its name after all: counted failed, not done. */
  placeFailed(): void {
    this.progress.done -= 1;
    this.progress.failed += 1;
    this.emit(this.snapshot());
  }

  snapshot(): ImportProgress {
    return { ...this.progress };
  }
}
