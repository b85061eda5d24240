import { z } from 'zod';
import type { PhotoSummary } from './library.js';

export const MirrorMode = z.enum(['copy', 'link', 'move']);
export type MirrorMode = z.infer<typeof MirrorMode>;

export interface AlbumFilters {
  /** only photos inside this folder */
  folder?: string;
  /** only photos taken (or, without a date, modified) at or after this ISO date */
  from?: string;
  /** ... and at or before this one */
  to?: string;
}

export interface AlbumMirror {
  folder: string;
  mode: MirrorMode;
  /** a filing rule: the new photos of every import that belong to the album are put here at once */
  fileImports?: boolean;
}

export interface ProbeSummary {
  positives: number;
  negatives: number;
  trainedAt: string;
  modelId: string;
}

export interface Album {
  id: string;
  name: string;
  /** smart: prompts and corrections decide; manual: exactly the photos the person put in (no prompt) */
  kind: 'smart' | 'manual';
  prompts: string[];
  negativePrompts: string[];
  threshold: number;
  filters: AlbumFilters;
  /** null: a virtual album that touches no file */
  mirror: AlbumMirror | null;
  /** the few-shot probe learnt from corrections, once there are enough of them */
  probe: ProbeSummary | null;
  memberCount: number;
  createdAt: string;
  updatedAt: string;
}

/** Why a photo is (or is not) in an album: a correction, the prompts, or the probe overruling the prompts. */
export type MembershipReason = 'label' | 'prompt' | 'probe';

export interface AlbumPhoto extends PhotoSummary {
  /** prompt score: best cosine to the prompts minus best cosine to the negative prompts (null: not embedded by this model yet) */
  score: number | null;
  /** the album's belief that the photo belongs, in (0, 1); members are at 0.5 or above unless labelled */
  probability: number;
  by: MembershipReason;
  /** the user's correction: 1 include, -1 exclude, null none */
  label: 1 | -1 | null;
}

export interface AlbumPage {
  album: Album;
  total: number;
  photos: AlbumPhoto[];
  /** unlabelled photos just outside the album: the ones a correction would teach most */
  suggestions: AlbumPhoto[];
  /** true when the album has a correction of the person's that "Undo last correction" can take back */
  undoable: boolean;
}

export interface AlbumPreview {
  total: number;
  min: number;
  max: number;
  bins: { from: number; to: number; count: number }[];
  /** how many photos score at or above each candidate threshold (the slider's "N photos") */
  thresholds: { threshold: number; count: number }[];
  /** Otsu's threshold of the distribution: a starting point for the slider */
  suggestedThreshold: number;
  top: { id: string; score: number }[];
}

export interface MembershipChange {
  albumId: string;
  /** how many photos entered or left the album because of this change */
  changed: number;
  added: string[];
  removed: string[];
  probe: ProbeSummary | null;
}

export interface CorrectionResult extends Omit<MembershipChange, 'albumId'> {
  albumId: string | null;
  /** what was undone: null when there was nothing to undo */
  undone: { photoId: string; kind: 'album' | 'tag'; target: string; restored: 1 | -1 | null } | null;
}

export interface ZeroShotResult {
  photoId: string;
  /** one class per album (its prompts averaged); CLIP: softmax over the albums (sums to 1), SigLIP: a sigmoid each */
  albums: {
    albumId: string;
    name: string;
    probability: number;
    cosine: number;
    /** whether the photo is in the album now (prompt, probe or the person's say) */
    member: boolean;
    /** the person's correction for this photo and album: include (1), exclude (-1), none (null) */
    label: 1 | -1 | null;
  }[];
}

export interface MirrorReport {
  albumId: string;
  folder: string;
  mode: MirrorMode;
  dryRun: boolean;
  planned: { photoId: string; from: string; to: string }[];
  done: number;
  skipped: number;
  failed: { photoId: string; path: string; message: string }[];
  /** the library folder the target is inside (copy, link): the copies would be indexed again as duplicates */
  insideRoot: string | null;
  /** the run was cancelled: what is done stays done (and undoable), the rest was not started */
  cancelled: boolean;
}

export interface UndoMirrorReport {
  albumId: string;
  restored: number;
  failed: { path: string; message: string }[];
}

export interface DuplicatePhoto {
  id: string;
  path: string;
  width: number;
  height: number;
  size: number;
  takenAt: string | null;
  /** cosine to the group's keeper (1 for exact copies) */
  similarity: number;
}

/** Which rule picked the keeper: the UI words it in the person's language from the keeper's facts. */
export type KeeperRule = 'largest-resolution' | 'largest-file' | 'taken-first' | 'shortest-path';

export interface DuplicateGroup {
  kind: 'exact' | 'near';
  photos: DuplicatePhoto[];
  keeper: string;
  /** the rule in English words, for the CLI */
  reason: string;
  rule: KeeperRule;
}

export interface DuplicateReport {
  nearThreshold: number;
  photos: number;
  groups: DuplicateGroup[];
}

/** Long work over every photo's vector, done off the main thread: the duplicates scan, scoring albums. */
export type BackgroundJob = 'duplicates' | 'albums';

/** reading the vectors, comparing candidate pairs, checking them exactly, scoring albums */
export type WorkPhase = 'reading' | 'comparing' | 'checking' | 'scoring';

export interface BackgroundWorkProgress {
  job: BackgroundJob;
  phase: WorkPhase;
  /** photos (buckets of look-alikes while comparing) done of this phase */
  done: number;
  total: number;
  /** per second over the phase so far */
  rate: number;
  etaSeconds: number | null;
  state: 'running' | 'finished' | 'cancelled' | 'failed';
}

const Id = z.string().min(1);
const Prompt = z.string().trim().min(1, 'a prompt cannot be empty').max(500);
const IsoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date like 2024-06-30');
const Filters = z.object({ folder: z.string().min(1).optional(), from: IsoDate.optional(), to: IsoDate.optional() });
const Threshold = z.number().min(-2).max(2);
const Tag = z.string().trim().min(1, 'a tag cannot be empty').max(200);

const AlbumDefinition = z.object({
  prompts: z.array(Prompt).min(1, 'an album needs at least one prompt').max(32),
  negativePrompts: z.array(Prompt).max(32).default([]),
  filters: Filters.default({}),
});

export const albumInputs = {
  listAlbums: z.object({}),
  getAlbum: z.object({ albumId: Id }),
  createAlbum: AlbumDefinition.extend({
    name: z.string().trim().min(1, 'an album needs a name').max(200),
    /** omitted: Otsu's threshold of the library's scores */
    threshold: Threshold.optional(),
  }),
  updateAlbum: z.object({
    albumId: Id,
    name: z.string().trim().min(1).max(200).optional(),
    prompts: AlbumDefinition.shape.prompts.optional(),
    negativePrompts: z.array(Prompt).max(32).optional(),
    threshold: Threshold.optional(),
    filters: Filters.optional(),
  }),
  deleteAlbum: z.object({ albumId: Id }),
  albumPhotos: z.object({
    albumId: Id,
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().positive().max(1000).default(200),
    suggestions: z.number().int().min(0).max(200).default(12),
  }),
  previewAlbum: AlbumDefinition.extend({ bins: z.number().int().min(2).max(200).default(40) }),
  setAlbumMembership: z.object({ albumId: Id, photoId: Id, include: z.boolean().nullable() }),
  addTag: z.object({ photoId: Id, tag: Tag }),
  removeTag: z.object({ photoId: Id, tag: Tag }),
  listTags: z.object({ photoId: Id.optional() }),
  undoLastCorrection: z.object({ albumId: Id.optional() }),
  zeroShot: z.object({ photoId: Id }),
  setAlbumMirror: z.object({
    albumId: Id,
    folder: z.string().min(1).optional(),
    mode: z.enum(['copy', 'link', 'move', 'none']),
    /** make (true) or unmake (false) the folder a filing rule for imports; absent: unchanged */
    fileImports: z.boolean().optional(),
  }),
  applyAlbumMirror: z.object({
    albumId: Id,
    dryRun: z.boolean().default(false),
    /** a dry run of a setting not saved yet: the plan for this folder and mode, with nothing saved */
    folder: z.string().min(1).optional(),
    mode: z.enum(['copy', 'link', 'move']).optional(),
  }),
  undoMirror: z.object({ albumId: Id }),
  findDuplicates: z.object({ nearThreshold: z.number().min(0.5).max(1).default(0.95) }),
  /** stops a running duplicates scan or album scoring: its call rejects with CANCELLED */
  cancelWork: z.object({ job: z.enum(['duplicates', 'albums']) }),
  /** stops a running mirror between two files; the file being copied is removed, done files stay */
  cancelAlbumMirror: z.object({ albumId: Id.optional() }),
};

type In<K extends keyof typeof albumInputs> = z.input<(typeof albumInputs)[K]>;

export interface AlbumsApi {
  listAlbums(input: In<'listAlbums'>): Promise<Album[]>;
  getAlbum(input: In<'getAlbum'>): Promise<Album>;
  createAlbum(input: In<'createAlbum'>): Promise<Album>;
  updateAlbum(input: In<'updateAlbum'>): Promise<Album>;
  deleteAlbum(input: In<'deleteAlbum'>): Promise<void>;
  /** Members (best first) with their scores and why they are in, plus suggestions near the threshold. */
  albumPhotos(input: In<'albumPhotos'>): Promise<AlbumPage>;
  /** The score distribution of a candidate album, without saving it. */
  previewAlbum(input: In<'previewAlbum'>): Promise<AlbumPreview>;
  /** include true/false is a correction that always wins over the model; null removes it. */
  setAlbumMembership(input: In<'setAlbumMembership'>): Promise<MembershipChange>;
  addTag(input: In<'addTag'>): Promise<{ photoId: string; tags: string[] }>;
  removeTag(input: In<'removeTag'>): Promise<{ photoId: string; tags: string[] }>;
  /** Every tag with its photo count, or the tags of one photo. */
  listTags(input: In<'listTags'>): Promise<{ tag: string; count: number }[]>;
  /** Undoes the newest correction (of one album, when given); undos are themselves kept as history. */
  undoLastCorrection(input: In<'undoLastCorrection'>): Promise<CorrectionResult>;
  zeroShot(input: In<'zeroShot'>): Promise<ZeroShotResult>;
  /** Opt-in: make an album mirror itself into a real folder; mode none makes it virtual again. */
  setAlbumMirror(input: In<'setAlbumMirror'>): Promise<Album>;
  applyAlbumMirror(input: In<'applyAlbumMirror'>): Promise<MirrorReport>;
  undoMirror(input: In<'undoMirror'>): Promise<UndoMirrorReport>;
  /** Exact copies by full hash and near-copies by vector similarity, grouped; nothing is deleted. */
  findDuplicates(input: In<'findDuplicates'>): Promise<DuplicateReport>;
  /** Cancels the job's running calls; `cancelled`: whether one was running. Progress: `backgroundWork`. */
  cancelWork(input: In<'cancelWork'>): Promise<{ cancelled: boolean }>;
  /** Cancels a running mirror (of one album, when given); it resolves with `cancelled: true`. */
  cancelAlbumMirror(input: In<'cancelAlbumMirror'>): Promise<{ cancelled: boolean }>;
}
