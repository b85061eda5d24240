export interface DownloadProgress {
  bytesDone: number;
  /** null until the server has said how big the file is */
  bytesTotal: number | null;
  /** bytes per second over the last few seconds */
  ratePerSec: number;
  /** null while the total or the rate is unknown */
  etaSeconds: number | null;
}

/** Long enough to smooth a bursty connection, short enough that the ETA follows a real slowdown. */
const RATE_WINDOW_MS = 5000;

interface Sample {
  at: number;
  bytes: number;
}

/**
 * Turns a stream of byte counts into progress events. The rate is measured over a sliding window of
 * recent samples rather than since the start, so a resumed download does not count the bytes it
 * already had as if they had just arrived.
 */
export class ProgressMeter {
  private samples: Sample[] = [];
  private lastEmit = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly emit: ((progress: DownloadProgress) => void) | undefined,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Call with the running total; emits at most once per interval unless `force` is set. */
  update(bytesDone: number, bytesTotal: number | null, force = false): void {
    const at = this.now();
    this.samples.push({ at, bytes: bytesDone });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - RATE_WINDOW_MS) this.samples.shift();
    if (this.emit === undefined || (!force && at - this.lastEmit < this.intervalMs)) return;
    this.lastEmit = at;
    const rate = this.rate();
    const remaining = bytesTotal === null ? null : Math.max(0, bytesTotal - bytesDone);
    const etaSeconds = remaining === null ? null : remaining === 0 ? 0 : rate > 0 ? remaining / rate : null;
    this.emit({ bytesDone, bytesTotal, ratePerSec: rate, etaSeconds });
  }

  /** A new connection starts a new rate measurement (the gap while reconnecting is not throughput). */
  restartWindow(): void {
    this.samples = [];
  }

  private rate(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined || last.at <= first.at) return 0;
    return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
  }
}
