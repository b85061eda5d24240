import type { IndexProgress } from '../contract/library.js';

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

/**
 * Progress for long work: a redrawn bar on a terminal; on a pipe or a log, a plain line at
 * most every few seconds, so logs stay readable.
 */
export class ProgressReporter {
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 5000,
  ) {}

  update(p: IndexProgress): void {
    if (this.stream.isTTY) {
      const width = Math.max(10, Math.min(40, (this.stream.columns || 80) - 60));
      const ratio = p.total > 0 ? (p.done + p.failed) / p.total : 0;
      const filled = Math.round(ratio * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      this.stream.write(`\r${bar} ${describeProgress(p)}\u001b[K`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain >= this.plainEveryMs || (p.queued === 0 && p.total > 0)) {
      this.lastPlain = now;
      this.stream.write(`indexing: ${describeProgress(p)}\n`);
    }
  }

  end(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
