import type { BackgroundWorkProgress } from './albums.js';
import type { IndexProgress } from './library.js';
import type { ImportProgress, ImportRecord, ImportVolume } from './imports.js';
import type { ModelDownloadEvent, ModelSwitchEvent } from './models.js';
import type { KeywordExportProgress } from './tags.js';

/** Every event the core pushes to a UI. Adapters forward these by name; the payloads are plain JSON. */
export interface PhotoEvents {
  indexProgress: IndexProgress;
  photoIndexed: { id: string; path: string };
  /** `mergedInto`: the photo was a copy seen during a move; its labels now belong to that photo */
  photoRemoved: { id: string; path: string; mergedInto?: string };
  photoFailed: { id: string; path: string; code: string; message: string };
  modelDownload: ModelDownloadEvent;
  modelSwitch: ModelSwitchEvent;
  /** photos that entered or left an album (new photos scored, a correction, an edit) */
  albumUpdated: { albumId: string; added: string[]; removed: string[] };
  albumMirrorProgress: { albumId: string; done: number; total: number };
  /** a duplicates scan or an album scoring over every vector, in its worker thread */
  backgroundWork: BackgroundWorkProgress;
  importProgress: ImportProgress;
  importFinished: ImportRecord;
  /** the volumes with a DCIM folder, whenever one appears or goes */
  importVolumes: { volumes: ImportVolume[] };
  keywordExportProgress: KeywordExportProgress;
}

export type PhotoEventName = keyof PhotoEvents;
export type Unsubscribe = () => void;

export interface PhotoEventSource {
  on<K extends PhotoEventName>(name: K, listener: (payload: PhotoEvents[K]) => void): Unsubscribe;
}

// A Record keyed by the event map fails to compile when an event is added or renamed without it.
const forwardedEvents: Record<PhotoEventName, true> = {
  indexProgress: true,
  photoIndexed: true,
  photoRemoved: true,
  photoFailed: true,
  modelDownload: true,
  modelSwitch: true,
  albumUpdated: true,
  albumMirrorProgress: true,
  backgroundWork: true,
  importProgress: true,
  importFinished: true,
  importVolumes: true,
  keywordExportProgress: true,
};

/** Every event name the transports forward (SSE over HTTP, `photo:event` in the Electron shell). */
export const PHOTO_EVENT_NAMES = Object.keys(forwardedEvents) as PhotoEventName[];
