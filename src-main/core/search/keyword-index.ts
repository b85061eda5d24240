import path from 'node:path';
import type { QueryTerm } from './query-parser.js';

/**
 * [Note: keyword matching]
 * The hybrid half of search: words of the query found in a photo's file name, its folder names
 * (from the root's own name down) or its tags. Kept in memory rather than in a LanceDB full-text
 * index. Measured at 100k photos (2-core machine, load ~6): bringing this index up to date and
 * matching a two-word query take 7 + 3 ms (the first build after start 0.4 s); LanceDB's FTS
 * answered in 12 ms after a 1.5 s index build. The speed is a wash, so the rest decides: no extra
 * column, migration or index upkeep when photos move, prefix matches ("beach" finds
 * "beaches"), and tags (owned by the albums store) are seen the moment they change, where an
 * FTS index would need them copied into the photos table and re-indexed after every edit.
 * From BACKGROUND_SYNC_FROM photos on, reading every name costs seconds (a million names: about 6 s of
 * CPU on the dev machine), so the index is brought up to date in the background, in slices: the first
 * search after opening such a library, and a search right after photos changed, answer without the
 * name matches of photos not yet read, and the ones after with them.
 */
/** Photos tokenised between two turns of the event loop by a background sync. */
const SYNC_SLICE = 20_000;

/** From this many photos on, search brings the keyword index up to date in the background (`syncSoon`). */
export const BACKGROUND_SYNC_FROM = 50_000;

export interface KeywordSource {
  id: string;
  path: string;
  root: string;
}

export interface QueryKeywords {
  wanted: string[];
  unwanted: string[];
}

/** Han, kana and Hangul: scripts written without spaces between words. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+$/u;
export const isCjkWord = (word: string): boolean => CJK_RUN.test(word);

/** Chinese function words and words for "photo" that a query carries but a file name rarely means. */
const CJK_STOP_WORDS = new Set(
  '的 了 和 与 及 在 是 有 一 一张 一个 张 个 这 那 里 上 中 照片 图片 相片 图像 的照片 几张 我 我的'.split(' '),
);
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** The words of a run of CJK text, by ICU's dictionary segmenter (Intl.Segmenter): 海边的狗 → 海边, 的, 狗. */
function cjkWords(run: string): string[] {
  return [...segmenter.segment(run)].filter((s) => s.isWordLike === true).map((s) => s.segment);
}

const STOP_WORDS = new Set(
  (
    'a an and are as at be by for from in into is it its of on or over the this that to under with ' +
    'photo photos picture pictures image images shot snapshot'
  ).split(' '),
);

/** Lower-case words of a text, accents folded, split at camelCase and letter/digit boundaries. */
export function tokenize(text: string): string[] {
  const plain = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKD').replace(/\p{M}/gu, '');
  const out: string[] = [];
  for (const word of plain.match(/[\p{L}\p{N}]+/gu) ?? []) splitWord(word, out);
  return out;
}

/** "IMG20190701" → img, 20190701; "BeachDay" → beach, day (a loop: this runs for every photo). */
function splitWord(word: string, out: string[]): void {
  let start = 0;
  let before = charKind(word.charAt(0));
  for (let i = 1; i < word.length; i += 1) {
    const here = charKind(word.charAt(i));
    if ((before === DIGIT) !== (here === DIGIT) || (before === LOWER && here === UPPER) || (before === CJK_KIND) !== (here === CJK_KIND)) {
      out.push(word.slice(start, i).toLowerCase());
      start = i;
    }
    before = here;
  }
  out.push(word.slice(start).toLowerCase());
}

const DIGIT = 0;
const LOWER = 1;
const UPPER = 2;
const OTHER = 3;
const CJK_KIND = 4;

function charKind(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code < 128) {
    if (code >= 48 && code <= 57) return DIGIT;
    if (code >= 97 && code <= 122) return LOWER;
    return code >= 65 && code <= 90 ? UPPER : OTHER;
  }
  if (/\p{N}/u.test(ch)) return DIGIT;
  if (CJK.test(ch) || ch === 'ー') return CJK_KIND;
  if (ch !== ch.toUpperCase()) return LOWER;
  return ch !== ch.toLowerCase() ? UPPER : OTHER;
}

/**
 * The words of the query to look for in names: CJK runs are cut into words by the segmenter (a file
 * named 海边 matches the query 海边的狗), and a single CJK character is a word (狗 is "dog").
 */
export function queryKeywords(terms: readonly QueryTerm[]): QueryKeywords {
  const words = (sign: 1 | -1): string[] => [
    ...new Set(
      terms
        .filter((t) => Math.sign(t.weight) === sign)
        .flatMap((t) => tokenize(t.text))
        .flatMap((w) => (isCjkWord(w) ? cjkWords(w).filter((c) => !CJK_STOP_WORDS.has(c)) : [w]))
        .filter((w) => isCjkWord(w) || (w.length > 1 && !STOP_WORDS.has(w))),
    ),
  ];
  return { wanted: words(1), unwanted: words(-1) };
}

/** "beach" finds "beaches" and "beach2019"; "beaches" finds "beach"; short words must match whole. */
export function wordMatches(word: string, token: string): boolean {
  if (token === word) return true;
  // CJK names are runs without spaces: a word matches where it appears inside one (狗 in 小狗)
  if (isCjkWord(word)) return token.includes(word);
  if (word.length >= 3 && token.startsWith(word)) return true;
  return token.length >= 4 && word.length - token.length <= 2 && word.startsWith(token);
}

interface Entry {
  path: string;
  tokens: string[];
  seen: number;
}

/**
 * An inverted index (token → photo ids) over file and folder names, refreshed from the
 * catalogue's keys before each use; tags are looked up per photo, as the albums store holds them.
 */
export class KeywordIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly byToken = new Map<string, Set<string>>();
  /** tokens by first character: a word can only match tokens that start like it */
  private readonly byInitial = new Map<string, Set<string>>();
  /** CJK tokens by each character they hold: a CJK word matches inside a token, not only at its start */
  private readonly byCjkChar = new Map<string, Set<string>>();
  private readonly folderTokens = new Map<string, string[]>();
  private readonly tagTokens = new Map<string, string[]>();
  private generation = 0;
  private syncedVersion: number | null = null;

  /**
   * `sync` from a source that says when it changed (the photo store's version): while it has not, the
   * pass over every photo is skipped, which at a million photos is most of a search's time.
   */
  syncWith(source: { readonly version: number; places(): Iterable<KeywordSource> }): void {
    if (source.version === this.syncedVersion) return;
    const version = source.version;
    this.sync(source.places());
    this.syncedVersion = version;
  }

  /** Brings the index up to date: new and moved photos are tokenised, removed ones dropped. */
  sync(keys: Iterable<KeywordSource>): void {
    const generation = ++this.generation;
    let live = 0;
    for (const key of keys) {
      live += 1;
      this.visit(key, generation);
    }
    this.sweep(generation, live);
  }

  /** True while a background sync runs (`syncSoon`); a synchronous sync must not interleave with it. */
  get syncing(): boolean {
    return this.pending !== null;
  }

  /**
   * `syncWith` in slices of SYNC_SLICE photos with the event loop free in between, started on the next turn
   * and not awaited: the search that asks answers from the index as it stands (without name matches for photos not yet read), and the
   * searches after it from the updated one. For large libraries ([Note: keyword matching]). `between` is awaited
   * before each slice of `slice` photos and stops the sync when it answers false (the warm-up's pause for calls).
   */
  syncSoon(source: { readonly version: number; places(): Iterable<KeywordSource> }, options: { between?: () => Promise<boolean>; slice?: number } = {}): void {
    const { between, slice = SYNC_SLICE } = options;
    if (source.version === this.syncedVersion || this.pending) return;
    const version = source.version;
    const pause = async (): Promise<boolean> => {
      await new Promise((resolve) => setImmediate(resolve));
      return between === undefined || (await between());
    };
    this.pending = (async () => {
      // not a slice before the caller's turn ends: the search that asked answers first
      if (!(await pause())) return;
      const generation = ++this.generation;
      let live = 0;
      for (const key of source.places()) {
        live += 1;
        this.visit(key, generation);
        // given up half way, the next sync goes on from what this one tokenised
        if (live % slice === 0 && !(await pause())) return;
      }
      this.sweep(generation, live);
      this.syncedVersion = version;
    })()
      .catch((error: unknown) => console.warn(`shoebox: the keyword index could not be brought up to date: ${String(error)}`))
      .finally(() => {
        this.pending = null;
      });
  }

  /** Resolves when no background sync runs (tests, benchmarks). */
  async idle(): Promise<void> {
    await this.pending;
  }

  private pending: Promise<void> | null = null;

  private visit(key: KeywordSource, generation: number): void {
    const entry = this.entries.get(key.id);
    if (entry?.path === key.path) {
      entry.seen = generation;
      return;
    }
    if (entry) this.unlink(key.id, entry);
    const tokens = this.pathTokens(key.path, key.root);
    this.entries.set(key.id, { path: key.path, tokens, seen: generation });
    for (const token of tokens) this.idsOf(token).add(key.id);
  }

  private sweep(generation: number, live: number): void {
    if (this.entries.size === live) return;
    for (const [id, entry] of this.entries) {
      if (entry.seen === generation) continue;
      this.unlink(id, entry);
      this.entries.delete(id);
    }
  }

  /**
   * Each photo with a keyword match and its keyword score: the share of wanted words it matches
   * minus the share of unwanted ones, in [-1, 1].
   */
  match(keywords: QueryKeywords, tagsOf?: (id: string) => readonly string[]): Map<string, number> {
    const scores = new Map<string, number>();
    if (keywords.wanted.length === 0 && keywords.unwanted.length === 0) return scores;
    const tagged = tagsOf ? this.taggedPhotos(tagsOf) : [];
    const add = (words: readonly string[], share: number): void => {
      for (const word of words) {
        for (const id of this.photosMatching(word, tagged)) scores.set(id, (scores.get(id) ?? 0) + share);
      }
    };
    add(keywords.wanted, 1 / Math.max(1, keywords.wanted.length));
    add(keywords.unwanted, -1 / Math.max(1, keywords.unwanted.length));
    return scores;
  }

  /** The file name (without extension) and the folders' names from the root's own name down. */
  private pathTokens(file: string, root: string): string[] {
    const folder = path.dirname(file);
    let folders = this.folderTokens.get(folder);
    if (!folders) {
      folders = tokenize(path.relative(path.dirname(root), folder));
      this.folderTokens.set(folder, folders);
    }
    return [...new Set([...tokenize(path.basename(file, path.extname(file))), ...folders])];
  }

  private photosMatching(word: string, tagged: readonly [string, string[]][]): Set<string> {
    const ids = new Set<string>();
    const candidates = isCjkWord(word) ? this.byCjkChar.get(word.charAt(0)) : this.byInitial.get(word.charAt(0));
    for (const token of candidates ?? []) {
      if (wordMatches(word, token)) for (const id of this.byToken.get(token) ?? []) ids.add(id);
    }
    for (const [id, tokens] of tagged) if (tokens.some((t) => wordMatches(word, t))) ids.add(id);
    return ids;
  }

  /** The photos that have tags, with their tags' words: one pass over the library per search. */
  private taggedPhotos(tagsOf: (id: string) => readonly string[]): [string, string[]][] {
    const out: [string, string[]][] = [];
    for (const id of this.entries.keys()) {
      const tags = tagsOf(id);
      if (tags.length > 0) out.push([id, tags.flatMap((tag) => this.tokensOfTag(tag))]);
    }
    return out;
  }

  private idsOf(token: string): Set<string> {
    let ids = this.byToken.get(token);
    if (!ids) {
      ids = new Set();
      this.byToken.set(token, ids);
      const initial = token.charAt(0);
      const bucket = this.byInitial.get(initial);
      if (bucket) bucket.add(token);
      else this.byInitial.set(initial, new Set([token]));
      if (isCjkWord(token)) for (const ch of new Set(token)) this.cjkBucket(ch).add(token);
    }
    return ids;
  }

  private unlink(id: string, entry: Entry): void {
    for (const token of entry.tokens) {
      const ids = this.byToken.get(token);
      ids?.delete(id);
      if (ids?.size === 0) {
        this.byToken.delete(token);
        this.byInitial.get(token.charAt(0))?.delete(token);
        for (const ch of new Set(token)) this.byCjkChar.get(ch)?.delete(token);
      }
    }
  }

  private cjkBucket(ch: string): Set<string> {
    let bucket = this.byCjkChar.get(ch);
    if (!bucket) {
      bucket = new Set();
      this.byCjkChar.set(ch, bucket);
    }
    return bucket;
  }

  private tokensOfTag(tag: string): string[] {
    let tokens = this.tagTokens.get(tag);
    if (!tokens) {
      tokens = tokenize(tag);
      this.tagTokens.set(tag, tokens);
    }
    return tokens;
  }
}
