import type { Catalog } from '../catalog/catalog.js';
import type { FailureRow, MomentRow, PhotoRow } from '../catalog/schema.js';

/**
 * Batches catalogue writes: LanceDB makes one fragment per write, so rows are written in
 * groups (by count or after a short delay), not one by one. `flush()` writes what is held.
 */
export class RowWriter {
  private photos: PhotoRow[] = [];
  private moments: MomentRow[] = [];
  private failures: FailureRow[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly catalog: Catalog,
    private readonly onWritten: (photos: PhotoRow[], failures: FailureRow[]) => void,
    private readonly onError: (error: unknown) => void,
    private readonly maxRows = 64,
    private readonly maxDelayMs = 500,
  ) {}

  /** `moments`: a video's sampled frames, written before its row so a row never lacks them. */
  addPhoto(row: PhotoRow, moments: readonly MomentRow[] = []): void {
    this.photos.push(row);
    this.moments.push(...moments);
    this.schedule();
  }

  addFailure(row: FailureRow): void {
    this.failures.push(row);
    this.schedule();
  }

  private schedule(): void {
    if (this.photos.length + this.failures.length >= this.maxRows) {
      void this.flush();
    } else {
      this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
    }
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const photos = this.photos;
    const failures = this.failures;
    const moments = this.moments;
    this.photos = [];
    this.failures = [];
    this.moments = [];
    if (photos.length === 0 && failures.length === 0) return this.chain;
    this.chain = this.chain.then(async () => {
      try {
        await this.catalog.moments.replace(moments);
        await this.catalog.photos.upsert(photos);
        await this.catalog.failures.clear(photos.map((p) => p.path));
        await this.catalog.failures.record(failures);
        this.onWritten(photos, failures);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.chain;
  }
}
