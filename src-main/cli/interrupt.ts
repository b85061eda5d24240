import type { BackgroundJob } from '../contract/albums.js';
import type { Core } from '../core/core.js';
import type { CliIo } from './io.js';
import { ProgressReporter } from './progress-bar.js';

/**
 * Runs `work` with Ctrl-C asking `cancel` to stop it, the way long work stops cleanly: the work finishes or
 * undoes its step under way and answers (a report that says cancelled, or CANCELLED). A second Ctrl-C is
 * Node's default again: the process ends.
 */
export async function cancelOnInterrupt<T>(cancel: () => Promise<unknown>, work: () => Promise<T>): Promise<T> {
  const onSigint = (): void => {
    void cancel().catch(() => undefined);
  };
  process.once('SIGINT', onSigint);
  try {
    return await work();
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** A background job's progress bar on stderr (phase, count, rate, ETA) while `work` runs. */
export async function withWorkProgress<T>(core: Core, job: BackgroundJob, io: CliIo, work: () => Promise<T>): Promise<T> {
  const reporter = new ProgressReporter(io.stderr);
  const off = core.on('backgroundWork', (p) => {
    if (p.job === job && p.state === 'running') reporter.updateWork(p);
  });
  try {
    return await work();
  } finally {
    off();
    reporter.end();
  }
}
