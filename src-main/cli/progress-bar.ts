import type { BackgroundWorkProgress, WorkPhase } from '../contract/albums.js';
import type { IndexProgress } from '../contract/library.js';
import { formatBytes } from '../core/model/download/disk-space.js';

function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export function describeProgress(p: IndexProgress): string {
  const finished = p.done + p.failed;
  return `${finished}/${p.total} photos, ${p.rate.toFixed(1)}/s, ETA ${formatEta(p.etaSeconds)}${p.failed > 0 ? `, ${p.failed} failed` : ''}`;
}

const PHASES: Record<WorkPhase, string> = {
  reading: 'reading vectors',
  comparing: 'comparing look-alikes',
  checking: 'checking candidate pairs',
  scoring: 'scoring albums',
};

/** "reading vectors 40000/100000, 12000/s, ETA 0:05": a duplicates scan's or an album scoring's line. */
export function describeWork(p: BackgroundWorkProgress): string {
  return `${PHASES[p.phase]} ${p.done}/${p.total}, ${p.rate.toFixed(0)}/s, ETA ${formatEta(p.etaSeconds)}`;
}

/** "12.3 MB / 352.0 MB, 4.5 MB/s, ETA 1:10": a download's line. */
export function describeBytes(p: { bytesDone: number; bytesTotal: number | null; ratePerSec: number; etaSeconds: number | null }): string {
  const total = p.bytesTotal === null ? '?' : formatBytes(p.bytesTotal);
  return `${formatBytes(p.bytesDone)} / ${total}, ${formatBytes(p.ratePerSec)}/s, ETA ${formatEta(p.etaSeconds)}`;
}

/**
 * Progress for long work: a redrawn bar on a terminal; on a pipe or a log, a plain line at
 * most every few seconds (and the last one), so logs stay readable.
 */
export class ProgressReporter {
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 5000,
  ) {}

  update(p: IndexProgress, label = 'indexing'): void {
    const ratio = p.total > 0 ? (p.done + p.failed) / p.total : 0;
    this.show(label, ratio, describeProgress(p), p.queued === 0 && p.total > 0);
  }

  /** A duplicates scan or an album scoring, phase by phase. */
  updateWork(p: BackgroundWorkProgress): void {
    this.show(p.job, p.total > 0 ? p.done / p.total : 0, describeWork(p), p.done === p.total);
  }

  /** A byte count (a download): `label` names what is coming, e.g. the model and file. */
  updateBytes(label: string, p: Parameters<typeof describeBytes>[0], final = false): void {
    const ratio = p.bytesTotal !== null && p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 0;
    this.show(label, ratio, describeBytes(p), final);
  }

  end(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }

  private show(label: string, ratio: number, text: string, final: boolean): void {
    if (this.stream.isTTY) {
      const width = Math.max(10, Math.min(40, (this.stream.columns || 80) - 60));
      const filled = Math.round(Math.min(1, Math.max(0, ratio)) * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      this.stream.write(`\r${bar} ${text}\u001b[K`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain >= this.plainEveryMs || final) {
      this.lastPlain = now;
      this.stream.write(`${label}: ${text}\n`);
    }
  }
}
