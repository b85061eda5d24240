import { stat } from 'node:fs/promises';
import { readRegularFile } from '../util/regular-file.js';
import { AppError, toErrorPayload } from '../../contract/errors.js';
import { readPhotoExif, type PhotoExif } from '../library/exif.js';
import { FULL_HASH_LATER } from '../library/full-hash-later.js';
import { fullHash } from '../library/identity.js';
import { isRawFile } from '../imaging/raw.js';
import type { PhotoRow } from '../catalog/schema.js';
import { isVideoFile } from '../library/supported-files.js';
import type { ProgressTracker } from './progress.js';
import type { RowWriter } from './row-writer.js';
import type { EmbedJob, ImageEmbedder, PreparedImage, PrepareImage } from './types.js';
import { embedVideo } from './video-job.js';

interface Decoded {
  job: EmbedJob;
  image: PreparedImage;
  exif: PhotoExif;
  /** awaited when the row is written: the hash of a RAW runs beside its decode and inference */
  fullHash: Promise<string>;
}

export interface EmbedQueueOptions {
  embedder: ImageEmbedder;
  prepare: PrepareImage;
  writer: RowWriter;
  progress: ProgressTracker;
  thumbnailPath: (id: string) => string;
  batchSize: number;
  decodeConcurrency: number;
  /** batches handed to the tower at once (default 1): 2 keeps a worker's tower fed ([Note: inference in a worker]) */
  batchesInFlight?: number;
}

/**
 * [Note: pipeline overlap]
 * Decoding (sharp, libvips threads) and inference (onnxruntime, its own threads) are both
 * asynchronous native work, so they overlap: up to `decodeConcurrency` files decode while a
 * batch runs through the image tower, and decoded images wait in `ready` (at most two batches,
 * which bounds memory). A batch is sent when full, or when nothing else is coming. With the tower in a
 * worker ([Note: inference in a worker]) up to `batchesInFlight` batches are handed over at once, so the
 * next one waits in the worker's queue while the current one runs. A file's full hash is a third strand:
 * started with its decode, on the hashing thread for a file not read whole (a RAW), and awaited only when
 * the batch's rows are written, so a decode slot is free as soon as the pixels are ready.
 */
export class EmbedQueue {
  private readonly pending: EmbedJob[] = [];
  private readonly ready: Decoded[] = [];
  private decoding = 0;
  private inferring = 0;
  private paused = false;
  private waiters: (() => void)[] = [];

  constructor(private readonly o: EmbedQueueOptions) {}

  push(job: EmbedJob): void {
    this.pending.push(job);
    this.o.progress.enqueue();
    this.pump();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isIdle(): boolean {
    return this.pending.length === 0 && this.ready.length === 0 && this.decoding === 0 && this.inferring === 0;
  }

  /** Resolves once every queued file is embedded (or failed) and written. */
  async drained(): Promise<void> {
    while (!this.isIdle) await new Promise<void>((resolve) => this.waiters.push(resolve));
    await this.o.writer.flush();
  }

  pause(): void {
    this.paused = true;
    this.o.progress.setPaused(true);
  }

  resume(): void {
    this.paused = false;
    this.o.progress.setPaused(false);
    this.pump();
  }

  /** Drops what has not started; what is decoding or inferring finishes and is written. */
  cancel(): void {
    this.o.progress.drop(this.pending.length);
    this.pending.length = 0;
    this.paused = false;
    this.o.progress.setPaused(false);
    this.settle();
  }

  /** Forgets queued work for files that are gone (a deleted folder). */
  forget(predicate: (job: EmbedJob) => boolean): void {
    const keep = this.pending.filter((job) => !predicate(job));
    this.o.progress.drop(this.pending.length - keep.length);
    this.pending.splice(0, this.pending.length, ...keep);
    this.settle();
  }

  private pump(): void {
    const maxReady = this.o.batchSize * 2;
    while (
      !this.paused &&
      this.pending.length > 0 &&
      this.decoding < this.o.decodeConcurrency &&
      this.ready.length + this.decoding < maxReady
    ) {
      const job = this.pending.shift() as EmbedJob;
      this.decoding += 1;
      void this.decode(job).finally(() => {
        this.decoding -= 1;
        this.pump();
        this.settle();
      });
    }
    this.maybeInfer();
  }

  private async decode(job: EmbedJob): Promise<void> {
    if (isVideoFile(job.path)) return this.video(job);
    try {
      // A RAW is not read whole: its preview gives the pixels and its full hash is left for later ([Note: RAW
      // photos], [Note: full hash later]); other photos are read once, for the pixels and the hash.
      const bytes = isRawFile(job.path) ? null : await readRegularFile(job.path);
      if (bytes?.length === 0) throw new AppError('FILE_EMPTY', `${job.path} is empty (0 bytes). Copy the photo again from its source.`);
      const info = await stat(job.path);
      const current = { ...job, size: bytes?.length ?? info.size, mtime: info.mtimeMs };
      const hash = bytes ? fullHash(bytes) : Promise.resolve(FULL_HASH_LATER);
      // a failed hash fails the photo when its row would be written; a failed decode leaves it unread
      hash.catch(() => undefined);
      const [image, exif] = await Promise.all([
        this.o.prepare(bytes, job.path, this.o.embedder.preprocess, { thumbnailPath: this.o.thumbnailPath(job.id) }),
        readPhotoExif(job.path, bytes ?? new Uint8Array(0), info.mtimeMs),
      ]);
      this.ready.push({ job: current, image, exif, fullHash: hash });
    } catch (error) {
      this.fail(job, error);
    }
  }

  /** A video embeds its own moments in one batch and is written with them ([Note: video moments]). */
  private async video(job: EmbedJob): Promise<void> {
    try {
      const { row, moments } = await embedVideo(job, this.o.embedder, this.o.thumbnailPath(job.id));
      this.o.writer.addPhoto(row, moments);
      this.o.progress.finish(true);
    } catch (error) {
      this.fail(job, error);
    }
  }

  private fail(job: EmbedJob, error: unknown): void {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // Deleted while queued: nothing to report, the watcher removes it.
      this.o.progress.drop();
      return;
    }
    const payload =
      code === 'EACCES' || code === 'EISDIR' || code === 'EPERM' || code === 'EIO'
        ? { code: 'FILE_UNREADABLE', message: `${job.path} cannot be read (${code}). Check the file's permissions.` }
        : toErrorPayload(error);
    this.o.writer.addFailure({
      path: job.path,
      root: job.root,
      size: job.size,
      mtime: job.mtime,
      code: payload.code,
      message: payload.message,
      failed_at: Date.now(),
    });
    this.o.progress.finish(false);
  }

  private maybeInfer(): void {
    if (this.inferring >= (this.o.batchesInFlight ?? 1) || this.ready.length === 0) return;
    const full = this.ready.length >= this.o.batchSize;
    const nothingElseComing = this.decoding === 0 && (this.pending.length === 0 || this.paused);
    if (!full && !nothingElseComing) return;
    const batch = this.ready.splice(0, this.o.batchSize);
    this.inferring += 1;
    void this.infer(batch).finally(() => {
      this.inferring -= 1;
      this.pump();
      this.settle();
    });
    this.maybeInfer();
  }

  private async infer(batch: Decoded[]): Promise<void> {
    const per = batch[0]?.image.tensor.length ?? 0;
    const pixels = new Float32Array(per * batch.length);
    batch.forEach((d, i) => pixels.set(d.image.tensor, i * per));
    let vectors: Float32Array[];
    try {
      vectors = await this.o.embedder.embedImages(pixels, batch.length);
    } catch (error) {
      const message = `The image model failed: ${error instanceof Error ? error.message : String(error)}`;
      for (const d of batch) this.fail(d.job, new AppError('INTERNAL', message));
      return;
    }
    const hashes = await Promise.allSettled(batch.map((d) => d.fullHash));
    batch.forEach((d, i) => {
      const hash = hashes[i] as PromiseSettledResult<string>;
      if (hash.status === 'rejected') {
        this.fail(d.job, hash.reason);
        return;
      }
      this.o.writer.addPhoto(toRow(d, hash.value, vectors[i] as Float32Array, this.o.embedder.modelId));
      this.o.progress.finish(true);
    });
  }

  private settle(): void {
    if (!this.isIdle) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

function toRow(d: Decoded, fullHash: string, vector: Float32Array, modelId: string): PhotoRow {
  return {
    id: d.job.id,
    content_hash: d.job.contentHash,
    full_hash: fullHash,
    path: d.job.path,
    root: d.job.root,
    size: d.job.size,
    mtime: d.job.mtime,
    width: d.image.width,
    height: d.image.height,
    taken_at: d.exif.takenAt,
    taken_offset: d.exif.offset,
    camera: d.exif.camera,
    lat: d.exif.lat,
    lon: d.exif.lon,
    format: d.image.format,
    model_id: modelId,
    indexed_at: Date.now(),
    vector,
  };
}
