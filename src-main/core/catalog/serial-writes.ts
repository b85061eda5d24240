import type { Table } from '@lancedb/lancedb';
import { Compactor } from './compactor.js';

/**
 * Writes to a small table one at a time, in call order, each noted for background compaction: the
 * albums and marks stores keep a memory copy that changes only after its write committed.
 */
export class SerialWrites {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly compactor: Compactor;

  constructor(table: Table) {
    this.compactor = new Compactor(table, 20);
  }

  /** Runs `task` after every earlier one (a failure does not stop the next); resolves as it does. */
  run(task: () => Promise<void>): Promise<void> {
    const next = this.chain.then(task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** One commit made: counts toward the next compaction. */
  wrote(): void {
    this.compactor.noteWrite();
  }

  /** Every write queued so far has finished and so has any compaction it started. */
  async flush(): Promise<void> {
    await this.chain;
    await this.compactor.idle();
  }
}
