import { appendFile, mkdir, readFile, stat, truncate } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic-file.js';
import { fileSafeId } from './model-id.js';

/**
 * Every text embedding Shoebox keeps, in one place: queries in a bounded memory cache per tower
 * (`TextEmbeddingCache`), prompts of zero-shot labels and albums in memory and in an append-only file
 * per model (`TextVectorCache`).
 */

type EmbedTexts = (texts: string[]) => Promise<Float32Array[]>;

const MAGIC = Buffer.from('SHOEBOX-TEXT-VECTORS-1\n');
/** Prompts per text-tower run: large enough to amortise a run, small enough to bound its memory. */
const RUN_SIZE = 64;

/** `<cache>/text-<model>.bin` */
export function textCacheFile(cacheDir: string, modelId: string): string {
  return path.join(cacheDir, `text-${fileSafeId(modelId)}.bin`);
}

/** Size and time of the text tower: a model downloaded again (another variant) starts a new cache. */
export async function towerFingerprint(modelId: string, towerFile: string): Promise<string> {
  const info = await stat(towerFile).catch(() => null);
  return `${modelId}:${info?.size ?? 0}:${Math.round(info?.mtimeMs ?? 0)}`;
}

function header(dimension: number, fingerprint: string): Buffer {
  const fp = Buffer.from(fingerprint);
  const sizes = Buffer.alloc(8);
  sizes.writeUInt32LE(dimension, 0);
  sizes.writeUInt32LE(fp.length, 4);
  return Buffer.concat([MAGIC, sizes, fp]);
}

function record(text: string, vector: Float32Array): Buffer {
  const bytes = Buffer.from(text);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length, 0);
  const floats = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  return Buffer.concat([length, bytes, floats]);
}

/** Every complete record after the header; a record cut short by a crash ends the list. */
function parseRecords(data: Buffer, start: number, dimension: number): { entries: [string, Float32Array][]; end: number } {
  const entries: [string, Float32Array][] = [];
  let at = start;
  while (at + 4 <= data.length) {
    const textLength = data.readUInt32LE(at);
    const next = at + 4 + textLength + dimension * 4;
    if (next > data.length) break;
    const text = data.toString('utf8', at + 4, at + 4 + textLength);
    const floats = data.subarray(at + 4 + textLength, next);
    entries.push([text, new Float32Array(Uint8Array.from(floats).buffer)]);
    at = next;
  }
  return { entries, end: at };
}

/**
 * Text embeddings of one model, in memory and in an append-only file, keyed by the exact text: a prompt
 * is run through the text tower once, ever. The file is read on first use; new vectors are appended in
 * one write per batch. A file from another model version, or one cut short by a crash, is repaired by
 * dropping what cannot be trusted, never by failing the caller.
 */
export class TextVectorCache {
  private readonly memory = new Map<string, Float32Array>();
  private readonly pending = new Map<string, Promise<Float32Array>>();
  private loading: Promise<void> | null = null;
  /** bytes of the file known to be whole; 0: the file must be written afresh */
  private trusted = 0;
  private writes: Promise<void> = Promise.resolve();
  private fingerprint = '';

  constructor(
    private readonly file: string,
    private readonly dimension: number,
    /** names the model version the vectors came from; a file with another one is not trusted */
    private readonly readFingerprint: () => Promise<string>,
    private readonly embedTexts: EmbedTexts,
  ) {}

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    await (this.loading ??= this.load());
    const missing = [...new Set(texts)].filter((t) => !this.memory.has(t) && !this.pending.has(t));
    if (missing.length > 0) {
      const run = this.embedMissing(missing);
      for (const text of missing) this.pending.set(text, run.then((found) => found.get(text) as Float32Array));
    }
    return Promise.all(
      texts.map((t) => {
        const known = this.memory.get(t);
        return known ? Promise.resolve(known) : (this.pending.get(t) as Promise<Float32Array>);
      }),
    );
  }

  /** Resolves when every vector embedded so far is on disk. */
  flushed(): Promise<void> {
    return this.writes;
  }

  private async embedMissing(texts: string[]): Promise<Map<string, Float32Array>> {
    try {
      const found = new Map<string, Float32Array>();
      for (let i = 0; i < texts.length; i += RUN_SIZE) {
        const chunk = texts.slice(i, i + RUN_SIZE);
        const vectors = await this.embedTexts(chunk);
        chunk.forEach((text, j) => found.set(text, vectors[j] as Float32Array));
      }
      for (const [text, vector] of found) this.memory.set(text, vector);
      this.writes = this.writes.then(() => this.append([...found])).catch((error: unknown) => {
        console.error(`shoebox: could not save text embeddings to ${this.file}: ${String(error)}`);
      });
      return found;
    } finally {
      for (const text of texts) this.pending.delete(text);
    }
  }

  private async load(): Promise<void> {
    this.fingerprint = await this.readFingerprint();
    const data = await readFile(this.file).catch(() => null);
    const head = header(this.dimension, this.fingerprint);
    if (data === null || data.length < head.length || !data.subarray(0, head.length).equals(head)) return;
    const { entries, end } = parseRecords(data, head.length, this.dimension);
    for (const [text, vector] of entries) this.memory.set(text, vector);
    this.trusted = end;
  }

  private async append(entries: [string, Float32Array][]): Promise<void> {
    const body = Buffer.concat(entries.map(([text, vector]) => record(text, vector)));
    if (this.trusted === 0) {
      // A fresh file gets every vector held in memory, so one whose earlier write failed is saved too.
      const all = Buffer.concat([...this.memory].map(([text, vector]) => record(text, vector)));
      const whole = Buffer.concat([header(this.dimension, this.fingerprint), all]);
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, whole);
      this.trusted = whole.length;
      return;
    }
    const size = (await stat(this.file)).size;
    if (size !== this.trusted) await truncate(this.file, this.trusted);
    await appendFile(this.file, body);
    this.trusted += body.length;
  }
}

/**
 * The memory tier for query texts, kept per tower: a query is embedded once and reused for every
 * keystroke and page that repeats it (CLIP's own advice). Bounded and never written to disk: what
 * a person searches for is not kept beside the library.
 */
export class TextEmbeddingCache {
  private readonly entries = new Map<string, Float32Array>();

  constructor(private readonly capacity = 2000) {}

  async get(modelId: string, text: string, embed: (texts: string[]) => Promise<Float32Array[]>): Promise<Float32Array> {
    const key = `${modelId}\u0000${text}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const [vector] = await embed([text]);
    if (!vector) throw new Error('the text model returned no vector');
    this.entries.set(key, vector);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return vector;
  }
}
