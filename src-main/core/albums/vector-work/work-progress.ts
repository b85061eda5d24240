import type { BackgroundJob, BackgroundWorkProgress } from '../../../contract/albums.js';
import type { PhaseProgress } from './vector-job.js';

/** Progress events at most this often within a phase (a new phase and the end always go out). */
const EVERY_MS = 250;

/**
 * Turns a job's phase counts into `backgroundWork` events with a rate (per second over the phase so
 * far) and an ETA, as an indexing run reports its own; `end` sends the last one with the job's outcome.
 */
export class WorkProgress {
  private phaseStart = 0;
  private last: BackgroundWorkProgress | null = null;
  private sentAt = 0;

  constructor(
    private readonly job: BackgroundJob,
    private readonly emit: (progress: BackgroundWorkProgress) => void,
    private readonly now: () => number = performance.now.bind(performance),
  ) {}

  readonly report = (p: PhaseProgress): void => {
    const now = this.now();
    const newPhase = this.last?.phase !== p.phase;
    if (newPhase) this.phaseStart = now;
    const seconds = (now - this.phaseStart) / 1000;
    const rate = seconds > 0 ? p.done / seconds : 0;
    const left = Math.max(0, p.total - p.done);
    const etaSeconds = left === 0 ? 0 : rate > 0 ? left / rate : null;
    this.last = { job: this.job, phase: p.phase, done: p.done, total: p.total, rate, etaSeconds, state: 'running' };
    if (newPhase || now - this.sentAt >= EVERY_MS) {
      this.sentAt = now;
      this.emit(this.last);
    }
  };

  end(state: 'finished' | 'cancelled' | 'failed'): void {
    const last = this.last ?? { job: this.job, phase: 'reading', done: 0, total: 0, rate: 0, etaSeconds: 0, state };
    this.emit({ ...last, etaSeconds: state === 'finished' ? 0 : null, state });
  }

  /** Runs `work` and sends its outcome as the last event. */
  async around<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      this.end('finished');
      return result;
    } catch (error) {
      this.end((error as { code?: unknown }).code === 'CANCELLED' ? 'cancelled' : 'failed');
      throw error;
    }
  }
}
