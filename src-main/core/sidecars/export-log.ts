import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/*
 * [Note: sidecar export log]
 * A keyword export rewrites files in the person's folders, so, like the mirror's file actions ([Note: file
 * action log]), each write is announced before it happens, in a log that survives a crash: one folder per
 * export under `<library>/keyword-exports/`, holding `journal.jsonl` (one JSON line per step, fsynced) and
 * the previous bytes of every sidecar it replaced (`<n>.before`, written durably before the intent). A sidecar
 * is replaced by renaming a fsynced temp file over it, so at every instant it holds its old bytes or its new
 * ones. An intent with no outcome (a kill) is settled when the library next opens: the temp file goes, and
 * the sidecar's bytes say whether the rename happened. An undo restores the previous bytes (or removes a
 * sidecar the export created) only while the sidecar still holds what the export wrote: a sidecar another tool
 * changed since is kept and reported. An undo is itself logged, and running it again after a kill finishes it.
 */

export type JournalEntry =
  | { op: 'intent'; n: number; photoId: string; sidecar: string; temp: string; before: string | null; after: string }
  | { op: 'done'; n: number }
  | { op: 'rolled-back'; n: number }
  | { op: 'end'; interrupted?: boolean }
  | { op: 'undone'; n: number; outcome: 'restored' | 'removed' | 'kept'; message?: string }
  | { op: 'undo-end' };

export type Intent = Extract<JournalEntry, { op: 'intent' }>;

/** Exports older than the newest this many are forgotten (their backups deleted): undo reaches back that far. */
const KEPT_EXPORTS = 50;

export const exportsDir = (libraryDir: string): string => path.join(libraryDir, 'keyword-exports');

/** A new export's id: sorts by time. */
export function newExportId(): string {
  return `${new Date().toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

export class ExportJournal {
  private constructor(
    readonly dir: string,
    readonly id: string,
  ) {}

  /** The journal of export `id`; its folder is made on the first append. */
  static of(root: string, id: string): ExportJournal {
    return new ExportJournal(path.join(root, id), id);
  }

  /** Every export's id, oldest first. */
  static async ids(root: string): Promise<string[]> {
    const names = await readdir(root).catch(() => [] as string[]);
    return names.filter((n) => !n.startsWith('.')).sort();
  }

  get file(): string {
    return path.join(this.dir, 'journal.jsonl');
  }

  backup(n: number): string {
    return path.join(this.dir, `${n}.before`);
  }

  /** The entries written so far; a line torn by a crash (the last one) is dropped. */
  async entries(): Promise<JournalEntry[]> {
    const text = await readFile(this.file, 'utf8').catch(() => '');
    const out: JournalEntry[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        out.push(JSON.parse(line) as JournalEntry);
      } catch {
        break;
      }
    }
    return out;
  }

  /** Appends entries durably: resolved once they are on disk. */
  async append(...entries: JournalEntry[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const handle = await open(this.file, 'a');
    try {
      await handle.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /** Saves a sidecar's previous bytes before the intent that replaces it. */
  async saveBackup(n: number, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const handle = await open(this.backup(n), 'w');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}

/** The state of one export read from its journal. */
export function summarise(entries: readonly JournalEntry[]) {
  const intents = entries.filter((e): e is Intent => e.op === 'intent');
  const settled = new Map<number, 'done' | 'rolled-back'>();
  const undone = new Set<number>();
  for (const e of entries) {
    if (e.op === 'done' || e.op === 'rolled-back') settled.set(e.n, e.op);
    if (e.op === 'undone') undone.add(e.n);
  }
  return {
    intents,
    open: intents.filter((i) => !settled.has(i.n)),
    done: intents.filter((i) => settled.get(i.n) === 'done'),
    undone,
    ended: entries.some((e) => e.op === 'end'),
    undoEnded: entries.some((e) => e.op === 'undo-end'),
  };
}

/** Forgets the oldest exports beyond KEPT_EXPORTS. */
export async function pruneExports(root: string): Promise<void> {
  const ids = await ExportJournal.ids(root);
  for (const id of ids.slice(0, Math.max(0, ids.length - KEPT_EXPORTS))) await rm(path.join(root, id), { recursive: true, force: true });
}
