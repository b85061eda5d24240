import { Dictionary, encode, growTo, hashBytes, SlotChains, StringColumn } from './key-columns-parts.js';

/** The few fields every scan compares against, kept in memory for the whole library. */
export interface PhotoKey {
  id: string;
  contentHash: string;
  fullHash: string;
  path: string;
  root: string;
  size: number;
  mtime: number;
  takenAt: number | null;
  modelId: string;
}

/** A key and what a result page shows beside it (so a page needs no read of the table). */
export interface KeyFields extends PhotoKey {
  width: number;
  height: number;
  format: string;
}

/**
 * [Note: columnar keys]
 * The per-photo keys (identity, place, date) of the whole library live in memory, as columns:
 * one typed array per number, one byte arena per string, hash chains from an id, a path or a
 * content hash to its slot, and dictionaries for roots, models and formats. Opening a library
 * copies the table's Arrow buffers into these columns, with no JS object or string per photo:
 * a million keys as JS objects took 12 s to open and about 1 GB of heap; as columns they open in
 * a fraction of that and take about 100 bytes a photo plus their strings. A key is made into an
 * object only when a caller asks for it. A removed photo leaves a dead slot and a rewritten
 * string leaves garbage bytes; both are packed away once they are half of what is held.
 * At open only what a search and a listing reach is made ready: ids and paths are hashed and chained as
 * they load (a path held twice must be healed at once). The content hashes are copied but neither
 * hashed nor chained until the first look-up by content (an indexing scan, an import's plan), which
 * builds those chains in one pass; full hashes are never hashed, as nothing looks a photo up by one.
 * A put before that first look-up compares a content's bytes, not its hash. Strings are hashed four
 * bytes a step (MurmurHash3's mixing): FNV-1a, a byte a step, was a quarter of the keys' load at 1M.
 */
export class KeyColumns {
  private capacity: number;
  /** slots handed out, dead ones included */
  private used = 0;
  private live = 0;
  private dead = 0;
  private readonly ids: StringColumn;
  private readonly paths: StringColumn;
  private readonly contents: StringColumn;
  private readonly fulls: StringColumn;
  private readonly byId: SlotChains;
  private readonly byPath: SlotChains;
  /** built at the first look-up by content, not at open (see the note); null until then */
  private byContent: SlotChains | null = null;
  private readonly roots = new Dictionary();
  private readonly models = new Dictionary();
  private readonly formats = new Dictionary();
  private rootCode: Int32Array;
  private modelCode: Int32Array;
  private formatCode: Int32Array;
  private size: Float64Array;
  private mtime: Float64Array;
  /** NaN for no date */
  private takenAt: Float64Array;
  private width: Int32Array;
  private height: Int32Array;
  private alive: Uint8Array;
  /** paths linked while another live slot held them (a table in need of healing) */
  pathClashes = 0;

  constructor(capacity = 1024) {
    this.capacity = Math.max(16, capacity);
    const n = this.capacity;
    this.ids = new StringColumn(n);
    this.paths = new StringColumn(n);
    this.contents = new StringColumn(n);
    this.fulls = new StringColumn(n);
    this.byId = new SlotChains(n);
    this.byPath = new SlotChains(n);
    this.rootCode = new Int32Array(n);
    this.modelCode = new Int32Array(n);
    this.formatCode = new Int32Array(n);
    this.size = new Float64Array(n);
    this.mtime = new Float64Array(n);
    this.takenAt = new Float64Array(n);
    this.width = new Int32Array(n);
    this.height = new Int32Array(n);
    this.alive = new Uint8Array(n);
  }

  get count(): number {
    return this.live;
  }

  /** The slot of a photo id, or -1. */
  slotOf(id: string): number {
    const bytes = encode(id);
    const hash = hashBytes(bytes, 0, bytes.length);
    for (let s = this.byId.first(hash); s !== -1; s = this.byId.next[s] as number) if (this.ids.equals(s, bytes, hash)) return s;
    return -1;
  }

  /** The slot that holds a path (the latest written, should two), or -1. */
  slotOfPath(path: string): number {
    const bytes = encode(path);
    const hash = hashBytes(bytes, 0, bytes.length);
    for (let s = this.byPath.first(hash); s !== -1; s = this.byPath.next[s] as number) if (this.paths.equals(s, bytes, hash)) return s;
    return -1;
  }

  slotsOfContent(contentHash: string): number[] {
    const chains = this.contentChains();
    const bytes = encode(contentHash);
    const hash = hashBytes(bytes, 0, bytes.length);
    const out: number[] = [];
    for (let s = chains.first(hash); s !== -1; s = chains.next[s] as number) if (this.contents.equals(s, bytes, hash)) out.push(s);
    return out.reverse();
  }

  /** Whether the first look-up by content has built its chains. */
  get contentIndexed(): boolean {
    return this.byContent !== null;
  }

  /** The chains by content, built at the first look-up: each live slot's content hashed (a loaded one's was unset) and linked. */
  private contentChains(): SlotChains {
    if (this.byContent) return this.byContent;
    const chains = new SlotChains(this.capacity);
    for (let s = 0; s < this.used; s += 1) if (this.alive[s] === 1) chains.link(s, this.contents.rehash(s));
    this.byContent = chains;
    return chains;
  }

  /** Live slots, oldest first. */
  *slots(): Generator<number> {
    for (let s = 0; s < this.used; s += 1) if (this.alive[s] === 1) yield s;
  }

  id(slot: number): string {
    return this.ids.get(slot);
  }

  path(slot: number): string {
    return this.paths.get(slot);
  }

  root(slot: number): string {
    return this.roots.name(this.rootCode[slot] as number);
  }

  dateOf(slot: number): number | null {
    const t = this.takenAt[slot] as number;
    return Number.isNaN(t) ? null : t;
  }

  key(slot: number): PhotoKey {
    return {
      id: this.ids.get(slot),
      contentHash: this.contents.get(slot),
      fullHash: this.fulls.get(slot),
      path: this.paths.get(slot),
      root: this.root(slot),
      size: this.size[slot] as number,
      mtime: this.mtime[slot] as number,
      takenAt: this.dateOf(slot),
      modelId: this.models.name(this.modelCode[slot] as number),
    };
  }

  fields(slot: number): KeyFields {
    return {
      ...this.key(slot),
      width: this.width[slot] as number,
      height: this.height[slot] as number,
      format: this.formats.name(this.formatCode[slot] as number),
    };
  }

  /** Writes a photo's key: a new slot for a new id, the same slot rewritten for a known one. */
  put(fields: KeyFields): void {
    const idBytes = encode(fields.id);
    const idHash = hashBytes(idBytes, 0, idBytes.length);
    let slot = -1;
    for (let s = this.byId.first(idHash); s !== -1 && slot === -1; s = this.byId.next[s] as number) if (this.ids.equals(s, idBytes, idHash)) slot = s;
    if (slot === -1) {
      slot = this.allocate();
      this.ids.setBytes(slot, idBytes, 0, idBytes.length, idHash);
      this.byId.link(slot, idHash);
      this.setString(this.paths, this.byPath, slot, fields.path, true);
      this.setString(this.contents, this.byContent, slot, fields.contentHash, true);
      this.fulls.set(slot, fields.fullHash);
    } else {
      this.setString(this.paths, this.byPath, slot, fields.path, false);
      this.setString(this.contents, this.byContent, slot, fields.contentHash, false);
      if (this.fulls.get(slot) !== fields.fullHash) {
        this.fulls.release(slot);
        this.fulls.set(slot, fields.fullHash);
      }
    }
    this.rootCode[slot] = this.roots.code(fields.root);
    this.modelCode[slot] = this.models.code(fields.modelId);
    this.formatCode[slot] = this.formats.code(fields.format);
    this.size[slot] = fields.size;
    this.mtime[slot] = fields.mtime;
    this.takenAt[slot] = fields.takenAt ?? Number.NaN;
    this.width[slot] = fields.width;
    this.height[slot] = fields.height;
    this.tidy();
  }

  /** A moved file: new path, root and mtime for the same slot. */
  relocate(slot: number, path: string, root: string, mtime: number): void {
    this.setString(this.paths, this.byPath, slot, path, false);
    this.rootCode[slot] = this.roots.code(root);
    this.mtime[slot] = mtime;
    this.tidy();
  }

  delete(slot: number): void {
    this.drop(slot);
    this.tidy();
  }

  /** Unlinks a slot and marks it dead (slots keep their numbers until `tidy`). */
  private drop(slot: number): void {
    if (this.alive[slot] !== 1) return;
    this.byId.unlink(slot, this.ids.hash[slot] as number);
    this.byPath.unlink(slot, this.paths.hash[slot] as number);
    this.byContent?.unlink(slot, this.contents.hash[slot] as number);
    for (const column of this.strings()) column.release(slot);
    this.alive[slot] = 0;
    this.live -= 1;
    this.dead += 1;
  }

  /**
   * Appends one Arrow record batch of the photos table (id, content_hash, full_hash, path, root,
   * size, mtime, width, height, taken_at, format, model_id), straight from its buffers. Returns the
   * rows read. A repeated id is written over its slot, as `put` would (the caller heals the table).
   */
  loadBatch(batch: ArrowBatchLike): number {
    const column = (name: string): ArrowDataLike[] => {
      const child = batch.getChild(name);
      if (!child) throw new Error(`the photos table has no ${name} column`);
      return child.data;
    };
    const names = ['id', 'path', 'content_hash', 'full_hash', 'root', 'model_id', 'format', 'size', 'mtime', 'width', 'height', 'taken_at'];
    const columns = names.map(column);
    let rows = 0;
    for (let c = 0; c < (columns[0] as ArrowDataLike[]).length; c += 1) {
      const chunk = columns.map((list) => list[c]);
      const n = chunk[0]?.length ?? 0;
      if (chunk.some((data) => data?.length !== n)) throw new Error('the photos table came back in uneven chunks');
      this.loadChunk(chunk as ArrowDataLike[], n);
      rows += n;
    }
    this.tidy();
    return rows;
  }

  private loadChunk([id, path, content, full, root, model, format, size, mtime, width, height, taken]: ArrowDataLike[], n: number): void {
    while (this.used + n > this.capacity) this.resize(this.capacity * 2);
    const base = this.used;
    // content hashes are hashed when the chains by content are built (at once if they are); full hashes never are
    const strings: [StringColumn, ArrowDataLike | undefined, boolean][] = [[this.ids, id, true], [this.paths, path, true], [this.contents, content, this.byContent !== null], [this.fulls, full, false]];
    for (const [target, data, hashed] of strings) target.appendChunk(base, n, data?.values as Uint8Array, offsetsOf(data), hashed);
    const codes: [Dictionary, Int32Array, ArrowDataLike | undefined][] = [[this.roots, this.rootCode, root], [this.models, this.modelCode, model], [this.formats, this.formatCode, format]];
    for (const [dictionary, target, data] of codes) {
      const values = data?.values as Uint8Array;
      const raw = offsetsOf(data);
      const offsets = raw instanceof Int32Array ? raw : Int32Array.from(raw, Number);
      for (let i = 0; i < n; i += 1) target[base + i] = dictionary.codeOfBytes(values, offsets[i] as number, offsets[i + 1] as number);
    }
    const numbers: [Float64Array | Int32Array, ArrowDataLike | undefined][] = [[this.size, size], [this.mtime, mtime], [this.width, width], [this.height, height], [this.takenAt, taken]];
    for (const [target, data] of numbers) {
      const values = data?.values;
      if (values instanceof target.constructor) target.set((values as typeof target).subarray(0, n), base);
      else for (let i = 0; i < n; i += 1) target[base + i] = values?.[i] as number;
    }
    if (taken && taken.nullCount > 0) for (let i = 0; i < n; i += 1) if (!taken.getValid(i)) this.takenAt[base + i] = Number.NaN;
    this.used += n;
    this.live += n;
    this.alive.fill(1, base, base + n);
    for (let slot = base; slot < base + n; slot += 1) {
      const idHash = this.ids.hash[slot] as number;
      // a repeated id (a table in need of healing): the later row takes the id, as `put` would
      for (let s = this.byId.first(idHash); s !== -1; s = this.byId.next[s] as number) {
        if (this.ids.same(s, slot)) {
          this.drop(s);
          break;
        }
      }
      this.byId.link(slot, idHash);
      const pathHash = this.paths.hash[slot] as number;
      for (let s = this.byPath.first(pathHash); s !== -1; s = this.byPath.next[s] as number) if (this.paths.same(s, slot)) this.pathClashes += 1;
      this.byPath.link(slot, pathHash);
      this.byContent?.link(slot, this.contents.hash[slot] as number);
    }
  }

  /** `chains` null: the column's chains are not built, and a loaded slot's hash may be unset (compare bytes). */
  private setString(column: StringColumn, chains: SlotChains | null, slot: number, text: string, fresh: boolean): void {
    const bytes = encode(text);
    const hash = hashBytes(bytes, 0, bytes.length);
    if (!fresh) {
      if (chains ? column.equals(slot, bytes, hash) : column.equalsRange(slot, bytes, 0, bytes.length)) return;
      chains?.unlink(slot, column.hash[slot] as number);
      column.release(slot);
    }
    column.setBytes(slot, bytes, 0, bytes.length, hash);
    chains?.link(slot, hash);
  }

  private strings(): StringColumn[] {
    return [this.ids, this.paths, this.contents, this.fulls];
  }

  private allocate(): number {
    if (this.used === this.capacity) this.resize(this.capacity * 2);
    const slot = this.used;
    this.used += 1;
    this.live += 1;
    this.alive[slot] = 1;
    return slot;
  }

  private resize(capacity: number): void {
    this.capacity = capacity;
    for (const column of this.strings()) column.grow(capacity);
    for (const chains of [this.byId, this.byPath, this.byContent]) chains?.grow(capacity);
    this.rootCode = growTo(this.rootCode, capacity);
    this.modelCode = growTo(this.modelCode, capacity);
    this.formatCode = growTo(this.formatCode, capacity);
    this.size = growTo(this.size, capacity);
    this.mtime = growTo(this.mtime, capacity);
    this.takenAt = growTo(this.takenAt, capacity);
    this.width = growTo(this.width, capacity);
    this.height = growTo(this.height, capacity);
    this.alive = growTo(this.alive, capacity);
    if (capacity > this.byId.buckets) this.relink();
  }

  /** Packs dead slots and garbage bytes away once they are half of what is held. */
  private tidy(): void {
    if (this.dead > 4096 && this.dead * 2 > this.used) this.packSlots();
    for (const column of this.strings()) if (column.garbage > 1 << 20 && column.garbage * 2 > column.used) column.pack(this.used);
  }

  private packSlots(): void {
    const perSlot = [
      ...this.strings().flatMap((c) => [c.start, c.length, c.hash]),
      this.rootCode, this.modelCode, this.formatCode, this.size, this.mtime, this.takenAt, this.width, this.height,
    ];
    let to = 0;
    for (let from = 0; from < this.used; from += 1) {
      if (this.alive[from] !== 1) continue;
      if (from !== to) for (const array of perSlot) array[to] = array[from] as number;
      to += 1;
    }
    this.alive.fill(1, 0, to);
    this.alive.fill(0, to, this.used);
    this.used = to;
    this.dead = 0;
    for (const column of this.strings()) column.pack(this.used);
    this.relink();
  }

  /** Rebuilds the hash chains from the live slots (after growing or packing). */
  private relink(): void {
    this.byId.reset(this.capacity);
    this.byPath.reset(this.capacity);
    this.byContent?.reset(this.capacity);
    for (let s = 0; s < this.used; s += 1) {
      if (this.alive[s] !== 1) continue;
      this.byId.link(s, this.ids.hash[s] as number);
      this.byPath.link(s, this.paths.hash[s] as number);
      this.byContent?.link(s, this.contents.hash[s] as number);
    }
  }
}

/** The parts of an Arrow chunk this store reads (apache-arrow's Data). */
export interface ArrowDataLike {
  length: number;
  values: ArrayLike<number>;
  nullCount: number;
  valueOffsets?: ArrayLike<number | bigint>;
  getValid(index: number): boolean;
}

export interface ArrowBatchLike {
  numRows: number;
  getChild(name: string): { data: ArrowDataLike[] } | null;
}

function offsetsOf(data: ArrowDataLike | undefined): ArrayLike<number | bigint> {
  const offsets = data?.valueOffsets;
  if (!offsets) throw new Error('a string column of the photos table has no offsets');
  return offsets;
}
