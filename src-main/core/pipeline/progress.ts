import type { IndexProgress } from '../../contract/library.js';

const WINDOW_MS = 20_000;

/**
 * Counts for the progress bar. The rate is measured over the last 20 s of finished photos, so
 * it follows the current speed (a pause or a slow folder) instead of the average since start.
 */
export class ProgressTracker {
  private queued = 0;
  private done = 0;
  private failed = 0;
  private paused = false;
  private readonly finishedAt: number[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  enqueue(count = 1): void {
    this.queued += count;
  }

  finish(ok: boolean): void {
    this.queued = Math.max(0, this.queued - 1);
    if (ok) this.done += 1;
    else this.failed += 1;
    this.finishedAt.push(this.now());
  }

  /** A queued job that turned out to need no work (cancelled, or superseded). */
  drop(count = 1): void {
    this.queued = Math.max(0, this.queued - count);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** Starts a new session of counts once everything queued has finished. */
  resetIfIdle(): void {
    if (this.queued > 0) return;
    this.done = 0;
    this.failed = 0;
    this.finishedAt.length = 0;
  }

  snapshot(): IndexProgress {
    const now = this.now();
    while (this.finishedAt.length > 0 && (this.finishedAt[0] ?? 0) < now - WINDOW_MS) this.finishedAt.shift();
    const first = this.finishedAt[0];
    const span = first === undefined ? 0 : Math.max(1000, now - first);
    const rate = this.finishedAt.length > 1 ? (this.finishedAt.length / span) * 1000 : 0;
    return {
      state: this.paused ? 'paused' : this.queued > 0 ? 'running' : 'idle',
      queued: this.queued,
      done: this.done,
      failed: this.failed,
      total: this.done + this.failed + this.queued,
      rate,
      etaSeconds: rate > 0 && this.queued > 0 ? this.queued / rate : this.queued === 0 ? 0 : null,
    };
  }
}
