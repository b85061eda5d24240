import { z } from 'zod';
import type { ErrorCode } from './errors.js';

/** What a file on a card is, for the counts ("412 new photos and 9 videos"). */
export type MediaKind = 'photo' | 'video';

/** A file of the source that the import would copy. */
export interface ImportCandidate {
  path: string;
  size: number;
  kind: MediaKind;
  /** when it was taken (EXIF), else its modification time: epoch ms */
  takenAt: number;
  /** where it would go, relative to the destination folder (before a name clash adds a suffix) */
  target: string;
}

export interface ImportSkip {
  path: string;
  code: ErrorCode;
  message: string;
}

export interface ImportPlan {
  sources: string[];
  destination: string;
  pattern: string;
  candidates: ImportCandidate[];
  photos: number;
  videos: number;
  bytes: number;
  /** files whose content the library (or an earlier import) already holds, whatever their name */
  alreadyInLibrary: number;
  /** the same content twice on the source: imported once */
  duplicatesInSource: number;
  skipped: ImportSkip[];
}

export type ImportState = 'running' | 'done' | 'cancelled' | 'interrupted' | 'undone';

/** Where the filing rules put an import's new photos: "31 → Beach 2026". */
export interface FilingLine {
  albumId: string | null;
  albumName: string | null;
  /** null: stayed where the import put them */
  folder: string | null;
  mode: 'copy' | 'link' | 'move' | null;
  count: number;
}

export interface ImportRecord {
  id: string;
  state: ImportState;
  sources: string[];
  destination: string;
  pattern: string;
  startedAt: string;
  finishedAt: string | null;
  copied: number;
  alreadyInLibrary: number;
  failed: ImportSkip[];
  bytes: number;
  indexed: number;
  erasedFromSource: number;
  filing: FilingLine[];
  /** the files the import placed (final names), for thumbnails and the summary */
  files: { from: string; to: string }[];
  /** folders the import made (removed again by its undo when empty) */
  createdFolders: string[];
  /** the filing rules' file actions for this import's photos (undone with it) */
  filedActionIds: string[];
  /**
   * the library folder this import added to the settings (its destination was in no library folder
   * yet), taken out again by the undo that leaves it without an import and without files; absent
   * in records written before it existed
   */
  addedRoot?: string | null;
  message: string | null;
}

export interface ImportProgress {
  importId: string;
  phase: 'planning' | 'copying' | 'erasing' | 'indexing' | 'filing' | 'finished';
  done: number;
  failed: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  /** bytes per second over the copy so far */
  rate: number;
  etaSeconds: number | null;
  paused: boolean;
  current: string | null;
}

export interface UndoImportReport {
  importId: string;
  removed: number;
  movedBack: number;
  kept: { path: string; message: string }[];
}

/** A mounted volume with a DCIM folder (a camera card, a phone), as the poller sees it. */
export interface ImportVolume {
  path: string;
  name: string;
}

const Path = z.string().min(1).max(4096);
const Pattern = z.string().min(1).max(200);
const ImportTarget = z.object({
  sources: z.array(Path).min(1).max(64),
  to: Path.optional(),
  pattern: Pattern.optional(),
});

export const importInputs = {
  planImport: ImportTarget,
  startImport: ImportTarget.extend({
    /** only these source files (the person's selection); all new ones when absent */
    only: z.array(Path).max(100_000).optional(),
    eraseSource: z.boolean().default(false),
  }),
  pauseImport: z.object({ paused: z.boolean() }),
  cancelImport: z.object({}),
  listImports: z.object({ limit: z.number().int().positive().max(1000).default(50) }),
  undoImport: z.object({ importId: z.string().min(1).optional() }),
  listImportFolders: z.object({}),
  addImportFolder: z.object({ path: Path }),
  removeImportFolder: z.object({ path: Path }),
  listImportVolumes: z.object({}),
  importThumbnail: z.object({ path: Path }),
  getImportSettings: z.object({}),
  setImportSettings: z.object({ folder: Path.nullable().optional(), pattern: Pattern.optional() }),
};

type In<K extends keyof typeof importInputs> = z.input<(typeof importInputs)[K]>;

export interface ImportSettings {
  /** where imports go when no --to is given; null: the Pictures/Shoebox folder of the user */
  folder: string;
  pattern: string;
}

export interface ImportsApi {
  /** What an import of these sources would copy: new vs already in the library, by content. */
  planImport(input: In<'planImport'>): Promise<ImportPlan>;
  /** Copies (verified), indexes and files the new photos; resolves with the finished record. Progress: `importProgress`. */
  startImport(input: In<'startImport'>): Promise<ImportRecord>;
  pauseImport(input: In<'pauseImport'>): Promise<ImportProgress | null>;
  cancelImport(input: In<'cancelImport'>): Promise<ImportProgress | null>;
  listImports(input: In<'listImports'>): Promise<ImportRecord[]>;
  /** Undoes the newest import (or the one named): copies removed if unchanged, filed moves put back. */
  undoImport(input: In<'undoImport'>): Promise<UndoImportReport>;
  listImportFolders(input: In<'listImportFolders'>): Promise<string[]>;
  addImportFolder(input: In<'addImportFolder'>): Promise<string[]>;
  removeImportFolder(input: In<'removeImportFolder'>): Promise<string[]>;
  /** Mounted volumes with a DCIM folder now. */
  listImportVolumes(input: In<'listImportVolumes'>): Promise<ImportVolume[]>;
  /** A small JPEG (data URL) of a file a recent plan listed, for the import screen before anything is copied. */
  importThumbnail(input: In<'importThumbnail'>): Promise<{ path: string; dataUrl: string }>;
  getImportSettings(input: In<'getImportSettings'>): Promise<ImportSettings>;
  setImportSettings(input: In<'setImportSettings'>): Promise<ImportSettings>;
}
