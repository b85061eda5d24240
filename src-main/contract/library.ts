import { z } from 'zod';
import { SearchFilters } from './search.js';

export const PhotoStatus = z.enum(['indexed', 'pending', 'failed']);
export type PhotoStatus = z.infer<typeof PhotoStatus>;

export interface GpsPosition {
  latitude: number;
  longitude: number;
}

/** What a grid cell or a search result needs; the thumbnail is fetched by id through the transport. */
export interface PhotoSummary {
  id: string;
  path: string;
  root: string;
  takenAt: string | null;
  width: number;
  height: number;
  format: string;
  status: PhotoStatus;
}

/** What a camera recorded about a shot, read when the photo is opened ([Note: full EXIF on demand]); null: not recorded. */
export interface ExifFacts {
  make: string | null;
  model: string | null;
  lens: string | null;
  /** f-number: 2.8 */
  aperture: number | null;
  /** shutter time in seconds: 0.004 */
  exposure: number | null;
  iso: number | null;
  /** millimetres, as the lens reports it */
  focalLength: number | null;
  /** millimetres, as on a 35 mm camera */
  focalLength35: number | null;
}

export interface PhotoDetail extends PhotoSummary {
  size: number;
  mtime: string;
  camera: string | null;
  gps: GpsPosition | null;
  error: { code: string; message: string } | null;
  modelId: string | null;
  /** files filed with this photo: RAW files (IMG_0001.CR3 beside IMG_0001.JPG), a Live Photo's MOV */
  companions?: string[];
  /** a Live Photo: the id whose original is its motion (a MOV), for the viewer to play */
  motion?: string;
  /** a video: its length in seconds, its codec, and the times of its sampled moments */
  video?: { duration: number; codec: string; moments: number[] };
  /** the star rating other tools wrote (xmp:Rating in a sidecar or the file's own XMP): -1 rejected, 0–5; null none */
  fileRating?: number | null;
  /** lens, aperture, shutter, ISO, focal length; absent for a video or a file whose tags could not be read */
  exif?: ExifFacts;
}

export interface LibraryRoot {
  path: string;
  addedAt: string;
  photoCount: number;
}

/** A folder of the library with the photos directly inside it ([Note: browsing the way the files are]). */
export interface FolderCount {
  path: string;
  /** the library root it lies in */
  root: string;
  count: number;
}

/** A camera that took photos of the library, with how many: the camera filter's choices. */
export interface CameraCount {
  camera: string;
  count: number;
}

/** Files in the roots that look like pictures or films in a format Shoebox does not read yet. */
export interface UnreadableFiles {
  total: number;
  /** the first of them, by path */
  files: { path: string; size: number }[];
}

/** A month of the library, newest first: "2024-05", or null for the photos without a date. */
export interface TimelineMonth {
  month: string | null;
  count: number;
}

export interface FailedPhoto {
  id: string;
  path: string;
  code: string;
  message: string;
}

export interface LibraryStatus {
  libraryDir: string;
  roots: LibraryRoot[];
  photos: { total: number; indexed: number; pending: number; failed: number };
  model: { id: string; dir: string; embeddingSize: number; provider: string } | null;
  indexing: IndexProgress;
}

export interface IndexProgress {
  state: 'idle' | 'running' | 'paused';
  queued: number;
  done: number;
  failed: number;
  total: number;
  /** photos per second over the recent window */
  rate: number;
  /** seconds until the queue is empty at the current rate, null while unknown */
  etaSeconds: number | null;
}

export interface IndexSummary {
  indexed: number;
  unchanged: number;
  removed: number;
  moved: number;
  /** byte-identical copies of a catalogued photo, given their own row without embedding them again */
  copied: number;
  failed: FailedPhoto[];
}

const Path = z.string().min(1, 'a folder path is required');

export const libraryInputs = {
  status: z.object({}),
  listRoots: z.object({}),
  addRoot: z.object({ path: Path }),
  removeRoot: z.object({ path: Path }),
  rescan: z.object({}),
  pauseIndexing: z.object({}),
  resumeIndexing: z.object({}),
  listFailures: z.object({ limit: z.number().int().positive().max(10_000).default(500) }),
  listPhotos: z.object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().positive().max(1000).default(200),
    /** only the photos that pass these filters, as a search's (a folder at any depth, dates, camera …) */
    filters: SearchFilters.optional(),
  }),
  listFolders: z.object({}),
  listCameras: z.object({}),
  listUnreadable: z.object({ limit: z.number().int().positive().max(10_000).default(500) }),
  timeline: z.object({ filters: SearchFilters.optional() }),
  getPhoto: z.object({ id: z.string().min(1) }),
};

type In<K extends keyof typeof libraryInputs> = z.input<(typeof libraryInputs)[K]>;

export interface LibraryApi {
  status(input: In<'status'>): Promise<LibraryStatus>;
  listRoots(input: In<'listRoots'>): Promise<LibraryRoot[]>;
  addRoot(input: In<'addRoot'>): Promise<LibraryRoot>;
  removeRoot(input: In<'removeRoot'>): Promise<void>;
  /** Scans every root again and indexes what changed; resolves when the queue is drained. */
  rescan(input: In<'rescan'>): Promise<IndexSummary>;
  pauseIndexing(input: In<'pauseIndexing'>): Promise<IndexProgress>;
  resumeIndexing(input: In<'resumeIndexing'>): Promise<IndexProgress>;
  listFailures(input: In<'listFailures'>): Promise<FailedPhoto[]>;
  listPhotos(input: In<'listPhotos'>): Promise<{ total: number; photos: PhotoSummary[] }>;
  getPhoto(input: In<'getPhoto'>): Promise<PhotoDetail>;
  /** Every folder of the library's roots that holds photos (and those between it and its root), with counts. */
  listFolders(input: In<'listFolders'>): Promise<FolderCount[]>;
  /** The files of the roots in a picture or film format Shoebox does not read yet: never indexed, counted here. */
  listUnreadable(input: In<'listUnreadable'>): Promise<UnreadableFiles>;
  /** The cameras of the library's photos, most photos first. */
  listCameras(input: In<'listCameras'>): Promise<CameraCount[]>;
  /** The library's months, newest first, in listPhotos' order: the timeline scrubber's marks. */
  timeline(input: In<'timeline'>): Promise<TimelineMonth[]>;
}
