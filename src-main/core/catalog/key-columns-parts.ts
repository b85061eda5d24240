/**
 * The parts of the columnar key store (key-columns.ts): a UTF-8 string column in one byte arena,
 * a hash chain from a string's bytes to the slots holding it, and a small dictionary for the
 * columns with few distinct values (roots, models, formats). No JS string or object per row:
 * strings are decoded only when a caller asks for one.
 */

const encoder = new TextEncoder();

/** A hash of bytes[from, to): MurmurHash3's (x86, 32-bit) mixing four bytes a step, the last 1–3 bytes FNV-1a's, its finaliser. */
export function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5 ^ (to - from);
  let i = from;
  for (; i + 4 <= to; i += 4) {
    let k = (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  for (; i < to; i += 1) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function encode(text: string): Uint8Array {
  return encoder.encode(text);
}

function grown<T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(array: T, size: number): T {
  const out = new (array.constructor as new (n: number) => T)(size);
  out.set(array);
  return out;
}

/** Grows a per-slot typed array to `capacity`, keeping its values. */
export function growTo<T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(array: T, capacity: number): T {
  return array.length >= capacity ? array : grown(array, capacity);
}

/** One string per slot, as UTF-8 bytes in an append-only arena; a rewritten slot leaves its old bytes as garbage. */
export class StringColumn {
  bytes = new Uint8Array(1 << 16);
  /** the arena as a Buffer, for decoding without a new view per string */
  private text = Buffer.from(this.bytes.buffer);
  used = 0;
  garbage = 0;
  start: Uint32Array;
  length: Uint32Array;
  hash: Uint32Array;

  constructor(capacity: number) {
    this.start = new Uint32Array(capacity);
    this.length = new Uint32Array(capacity);
    this.hash = new Uint32Array(capacity);
  }

  grow(capacity: number): void {
    this.start = growTo(this.start, capacity);
    this.length = growTo(this.length, capacity);
    this.hash = growTo(this.hash, capacity);
  }

  /** Writes bytes[from, to) as the slot's string (the slot's old bytes, if any, become garbage). */
  setBytes(slot: number, source: Uint8Array, from: number, to: number, hash = hashBytes(source, from, to)): void {
    const n = to - from;
    if (this.used + n > this.bytes.length) {
      let size = this.bytes.length * 2;
      while (size < this.used + n) size *= 2;
      this.reserve(size);
    }
    if (n < 64) for (let i = 0; i < n; i += 1) this.bytes[this.used + i] = source[from + i] as number;
    else this.bytes.set(source.subarray(from, to), this.used);
    this.start[slot] = this.used;
    this.length[slot] = n;
    this.hash[slot] = hash;
    this.used += n;
  }

  set(slot: number, text: string): void {
    const bytes = encode(text);
    this.setBytes(slot, bytes, 0, bytes.length);
  }

  /** Marks the slot's bytes as garbage (the slot is being dropped or rewritten). */
  release(slot: number): void {
    this.garbage += this.length[slot] as number;
  }

  private reserve(size: number): void {
    this.bytes = grown(this.bytes, size);
    this.text = Buffer.from(this.bytes.buffer);
  }

  /**
   * Slots [base, base + rows) get rows [0, rows) of an Arrow Utf8 chunk (its bytes and offsets):
   * the bytes are copied in one piece. `hashed` false leaves the slots' hashes unset (0), for a column
   * whose hashes are computed later, if ever (`rehash`).
   */
  appendChunk(base: number, rows: number, values: Uint8Array, offsets: ArrayLike<number | bigint>, hashed = true): void {
    const first = Number(offsets[0]);
    const total = Number(offsets[rows]) - first;
    // the first chunk tells how long the strings are: room for every slot at that length, once (not by doubling,
    // which copies the arena over and over and leaves up to half of it unused)
    const expected = this.used === 0 && rows > 0 ? Math.ceil((total / rows) * this.start.length * 1.05) : 0;
    if (expected > this.bytes.length) this.reserve(expected);
    if (this.used + total > this.bytes.length) {
      let size = this.bytes.length * 2;
      while (size < this.used + total) size *= 2;
      this.reserve(size);
    }
    this.bytes.set(values.subarray(first, first + total), this.used);
    const shift = this.used - first;
    const plain = offsets instanceof Int32Array ? offsets : Int32Array.from(offsets, Number);
    for (let i = 0; i < rows; i += 1) {
      const start = (plain[i] as number) + shift;
      const end = (plain[i + 1] as number) + shift;
      this.start[base + i] = start;
      this.length[base + i] = end - start;
      this.hash[base + i] = hashed ? hashBytes(this.bytes, start, end) : 0;
    }
    this.used += total;
  }

  /** Computes the hash of one slot's string again (after `appendChunk` left it unset). */
  rehash(slot: number): number {
    const start = this.start[slot] as number;
    const hash = hashBytes(this.bytes, start, start + (this.length[slot] as number));
    this.hash[slot] = hash;
    return hash;
  }

  /** Whether two slots hold the same string. */
  same(a: number, b: number): boolean {
    const n = this.length[a] as number;
    if (this.hash[a] !== this.hash[b] || n !== this.length[b]) return false;
    const x = this.start[a] as number;
    const y = this.start[b] as number;
    for (let i = 0; i < n; i += 1) if (this.bytes[x + i] !== this.bytes[y + i]) return false;
    return true;
  }

  /** Copies the strings of slots [0, slots) into a fresh arena, leaving the garbage behind. */
  pack(slots: number): void {
    let total = 0;
    for (let s = 0; s < slots; s += 1) total += this.length[s] as number;
    const bytes = new Uint8Array(Math.max(1 << 16, Math.ceil(total * 1.25)));
    let at = 0;
    for (let s = 0; s < slots; s += 1) {
      const start = this.start[s] as number;
      const n = this.length[s] as number;
      bytes.set(this.bytes.subarray(start, start + n), at);
      this.start[s] = at;
      at += n;
    }
    this.bytes = bytes;
    this.text = Buffer.from(bytes.buffer);
    this.used = at;
    this.garbage = 0;
  }

  get(slot: number): string {
    const start = this.start[slot] as number;
    return this.text.toString('utf8', start, start + (this.length[slot] as number));
  }

  /** Whether the slot holds exactly these bytes (with this hash). */
  equals(slot: number, bytes: Uint8Array, hash: number): boolean {
    if (this.hash[slot] !== hash || this.length[slot] !== bytes.length) return false;
    const start = this.start[slot] as number;
    for (let i = 0; i < bytes.length; i += 1) if (this.bytes[start + i] !== bytes[i]) return false;
    return true;
  }

  /** Whether the slot holds source[from, to). */
  equalsRange(slot: number, source: Uint8Array, from: number, to: number): boolean {
    if (this.length[slot] !== to - from) return false;
    const start = this.start[slot] as number;
    for (let i = 0; i < to - from; i += 1) if (this.bytes[start + i] !== source[from + i]) return false;
    return true;
  }
}

/**
 * Slots by the hash of one string column: buckets of chains through `next`. A newly linked slot
 * goes first in its chain, so among slots with the same string the latest linked is found first.
 */
export class SlotChains {
  private heads: Int32Array;
  private mask: number;
  next: Int32Array;

  constructor(capacity: number) {
    const buckets = bucketsFor(capacity);
    this.heads = new Int32Array(buckets).fill(-1);
    this.mask = buckets - 1;
    this.next = new Int32Array(capacity).fill(-1);
  }

  get buckets(): number {
    return this.heads.length;
  }

  grow(capacity: number): void {
    if (this.next.length < capacity) {
      const next = new Int32Array(capacity).fill(-1);
      next.set(this.next);
      this.next = next;
    }
  }

  /** Empties the chains and sizes the buckets for `capacity` slots (then link every live slot again). */
  reset(capacity: number): void {
    const buckets = bucketsFor(capacity);
    this.heads = new Int32Array(buckets).fill(-1);
    this.mask = buckets - 1;
    this.next.fill(-1);
  }

  link(slot: number, hash: number): void {
    const bucket = hash & this.mask;
    this.next[slot] = this.heads[bucket] as number;
    this.heads[bucket] = slot;
  }

  unlink(slot: number, hash: number): void {
    const bucket = hash & this.mask;
    let at = this.heads[bucket] as number;
    if (at === slot) {
      this.heads[bucket] = this.next[slot] as number;
      return;
    }
    while (at !== -1) {
      const after = this.next[at] as number;
      if (after === slot) {
        this.next[at] = this.next[slot] as number;
        return;
      }
      at = after;
    }
  }

  /** The first slot of the chain `hash` falls in (-1 when none); follow `next` from there. */
  first(hash: number): number {
    return this.heads[hash & this.mask] as number;
  }
}

function bucketsFor(capacity: number): number {
  let buckets = 1024;
  while (buckets < capacity) buckets *= 2;
  return buckets;
}

/** A column with few distinct values (roots, model ids, formats): a code per slot, the strings once. */
export class Dictionary {
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  /** the names' bytes, for matching an Arrow column's bytes without decoding them */
  private readonly encoded: Uint8Array[] = [];
  private readonly byHash = new Map<number, number[]>();

  code(name: string): number {
    let code = this.codes.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.codes.set(name, code);
      const bytes = encode(name);
      this.encoded.push(bytes);
      const hash = hashBytes(bytes, 0, bytes.length);
      this.byHash.set(hash, [...(this.byHash.get(hash) ?? []), code]);
    }
    return code;
  }

  /** The code of the string source[from, to), decoding it only the first time it is seen. */
  codeOfBytes(source: Uint8Array, from: number, to: number): number {
    if (this.last !== -1 && this.matches(this.last, source, from, to)) return this.last;
    this.last = this.lookUp(source, from, to);
    return this.last;
  }

  private last = -1;

  private matches(code: number, source: Uint8Array, from: number, to: number): boolean {
    const bytes = this.encoded[code] as Uint8Array;
    if (bytes.length !== to - from) return false;
    for (let i = 0; i < bytes.length; i += 1) if (bytes[i] !== source[from + i]) return false;
    return true;
  }

  private lookUp(source: Uint8Array, from: number, to: number): number {
    const hash = hashBytes(source, from, to);
    for (const code of this.byHash.get(hash) ?? []) if (this.matches(code, source, from, to)) return code;
    return this.code(Buffer.from(source.buffer, source.byteOffset + from, to - from).toString('utf8'));
  }

  name(code: number): string {
    return this.names[code] ?? '';
  }
}
