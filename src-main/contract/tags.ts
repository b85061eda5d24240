import { z } from 'zod';

/** One export of Shoebox's tags and album names into XMP sidecars (see `shoebox tag export`). */
export interface KeywordExportReport {
  /** the export's id, for the log and its undo; null when nothing had to be written */
  exportId: string | null;
  /** photos looked at */
  photos: number;
  /** sidecars that existed and now also hold Shoebox's keywords */
  written: number;
  /** sidecars made for photos that had none */
  created: number;
  /** sidecars that already held exactly these keywords */
  unchanged: number;
  failed: { photoId: string; path: string; code: string; message: string }[];
  /** stopped by `cancelKeywordExport` before every photo was looked at; what was written stays, and can be undone */
  cancelled?: boolean;
}

/** A running keyword export, as the `keywordExportProgress` event reports it (about four times a second). */
export interface KeywordExportProgress {
  /** photos looked at so far, and of how many */
  done: number;
  total: number;
  /** sidecars that could not be written so far */
  failed: number;
  /** photos per second over the export so far */
  rate: number;
  etaSeconds: number | null;
  /** the last event of an export (finished or cancelled) */
  finished: boolean;
}

export interface KeywordExportUndoReport {
  /** the export undone; null when there was none to undo */
  exportId: string | null;
  /** sidecars given back their bytes from before the export */
  restored: number;
  /** sidecars the export had created, removed */
  removed: number;
  /** sidecars changed since the export (by another tool), left as they are */
  kept: { path: string; message: string }[];
}

export interface KeywordExportSettings {
  /** when on, every tag or album change is written to the photos' sidecars as it happens */
  auto: boolean;
}

const Id = z.string().min(1).max(200);

export const tagsInputs = {
  exportKeywords: z.object({ photoIds: z.array(Id).max(100_000).optional() }),
  undoKeywordExport: z.object({}),
  getKeywordExport: z.object({}),
  setKeywordExport: z.object({ auto: z.boolean() }),
  cancelKeywordExport: z.object({}),
};

type In<K extends keyof typeof tagsInputs> = z.input<(typeof tagsInputs)[K]>;

export interface TagsApi {
  /** Writes tags and album names as XMP keywords into the sidecars of the given photos (default: every photo). */
  exportKeywords(input: In<'exportKeywords'>): Promise<KeywordExportReport>;
  /** Undoes the newest keyword export not undone yet. */
  undoKeywordExport(input: In<'undoKeywordExport'>): Promise<KeywordExportUndoReport>;
  getKeywordExport(input: In<'getKeywordExport'>): Promise<KeywordExportSettings>;
  setKeywordExport(input: In<'setKeywordExport'>): Promise<KeywordExportSettings>;
  /** Stops the running export (`exportKeywords`, or an automatic one) after the photo it is at; false when none runs. */
  cancelKeywordExport(input: In<'cancelKeywordExport'>): Promise<{ cancelled: boolean }>;
}
