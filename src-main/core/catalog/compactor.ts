import type { Table } from '@lancedb/lancedb';

/**
 * Every append or update makes a new LanceDB fragment or deletion file; thousands of small
 * writes would make thousands of fragments and slow every scan. After enough writes this
 * runs `optimize()` in the background, one at a time, and never blocks the writer.
 */
export class Compactor {
  private writes = 0;
  private running: Promise<void> | null = null;

  constructor(
    private readonly table: Table,
    private readonly everyWrites = 50,
  ) {}

  noteWrite(): void {
    this.writes += 1;
    if (this.writes >= this.everyWrites && this.running === null) void this.run();
  }

  run(): Promise<void> {
    if (this.running) return this.running;
    this.writes = 0;
    this.running = this.table
      .optimize({ cleanupOlderThan: new Date(Date.now() - 60_000) })
      .then(() => undefined)
      .catch((error: unknown) => {
        // Compaction is an optimisation: a failure leaves more fragments, never wrong data.
        console.warn(`shoebox: background compaction failed: ${String(error)}`);
      })
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async idle(): Promise<void> {
    await this.running;
  }
}
