import { z } from 'zod';
import { BULK_MAX } from './marks.js';

/** Where trashed photos went: the OS trash (the desktop app) or the library's own trash folder (browser mode, CLI). */
export type TrashPlace = 'system' | 'library';

export interface TrashReport {
  place: TrashPlace;
  /** the batch to undo (library trash only); null for the OS trash, which restores from its own window */
  batchId: string | null;
  trashed: string[];
  failed: { photoId: string; path: string; message: string }[];
}

export interface TrashBatch {
  batchId: string;
  at: string;
  photos: { photoId: string; from: string; path: string }[];
}

export interface UndoTrashReport {
  batchId: string;
  restored: number;
  failed: { path: string; message: string }[];
}

export interface ExportReport {
  folder: string;
  /** copies written and verified by their SHA-256 */
  copied: number;
  failed: { photoId: string; path: string; message: string }[];
}

export interface PhotoLocation {
  id: string;
  path: string;
}

const Id = z.string().min(1);
const Ids = z.array(Id).min(1, 'select at least one photo').max(BULK_MAX);

export const trashInputs = {
  /** moves the photos out of the library: into the OS trash (desktop app) or the library's trash folder */
  trashPhotos: z.object({ photoIds: Ids }),
  listTrash: z.object({}),
  /** puts a batch's photos back where they were (library trash only, until it is emptied) */
  undoTrash: z.object({ batchId: Id.optional() }),
  /** deletes what the library's trash folder holds: after this, nothing can be put back */
  emptyTrash: z.object({}),
  /** verified copies of the photos in a folder the person chooses ([Note: paths from the page]) */
  exportCopies: z.object({ photoIds: Ids, folder: z.string().min(1, 'a folder is required') }),
  /** opens the folder holding the photo in the OS's file manager */
  showInFolder: z.object({ photoId: Id }),
  /** where the photos' files are (the desktop shell trashes them through the OS) */
  locatePhotos: z.object({ photoIds: Ids }),
  /** drops the rows of photos whose files are gone (after the OS trash took them); photos still on disk stay */
  forgetPhotos: z.object({ photoIds: Ids }),
};

type In<K extends keyof typeof trashInputs> = z.input<(typeof trashInputs)[K]>;

export interface TrashApi {
  trashPhotos(input: In<'trashPhotos'>): Promise<TrashReport>;
  listTrash(input: In<'listTrash'>): Promise<TrashBatch[]>;
  undoTrash(input: In<'undoTrash'>): Promise<UndoTrashReport>;
  emptyTrash(input: In<'emptyTrash'>): Promise<{ removed: number }>;
  exportCopies(input: In<'exportCopies'>): Promise<ExportReport>;
  showInFolder(input: In<'showInFolder'>): Promise<{ folder: string; opened: boolean }>;
  locatePhotos(input: In<'locatePhotos'>): Promise<PhotoLocation[]>;
  forgetPhotos(input: In<'forgetPhotos'>): Promise<{ forgotten: string[] }>;
}
