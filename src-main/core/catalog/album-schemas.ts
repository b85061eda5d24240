import { Field, Float64, Int32, Schema, Utf8, type ArrowSchema } from './arrow.js';

/**
 * The tables of albums, corrections and the auto-sort log. They were added after schema 1 but
 * change no existing table, so a library without them gets them created empty on open (no
 * migration step). Lists and small records are JSON text: LanceDB's nested types buy nothing here.
 */

export interface AlbumRow {
  id: string;
  name: string;
  /** JSON string[] */
  prompts: string;
  /** JSON string[] */
  negative_prompts: string;
  threshold: number;
  /** JSON AlbumFilters */
  filters: string;
  /** JSON StoredProbe, null until enough corrections */
  probe: string | null;
  /** JSON AlbumMirror, null for a virtual album */
  mirror: string | null;
  created_at: number;
  updated_at: number;
}

/** One correction. Rows are only appended: the newest per (photo, target) is the state, the rest is history. */
export interface LabelRow {
  seq: number;
  photo_id: string;
  target_kind: 'album' | 'tag';
  /** album id or tag text */
  target: string;
  /** 1 include / tagged, -1 exclude, 0 no correction (cleared, removed, or undone to nothing) */
  value: number;
  source: string;
  created_at: number;
  /** the seq of the correction this row undoes */
  undoes: number | null;
}

export type FileActionState = 'intent' | 'done' | 'rolled-back' | 'failed' | 'undone';

/** One state of one file action; the newest row per action_id is its state (see [Note: file action log]). */
export interface FileActionRow {
  seq: number;
  action_id: string;
  album_id: string;
  photo_id: string;
  mode: string;
  source: string;
  dest: string;
  /** the name the bytes are copied to before they are verified and linked into place */
  temp: string | null;
  sha256: string;
  state: FileActionState;
  /** the action this one reverses (undo of a move is a move back) */
  reverts: string | null;
  message: string | null;
  at: number;
}

export function albumsSchema(): ArrowSchema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('name', new Utf8(), false),
    new Field('prompts', new Utf8(), false),
    new Field('negative_prompts', new Utf8(), false),
    new Field('threshold', new Float64(), false),
    new Field('filters', new Utf8(), false),
    new Field('probe', new Utf8(), true),
    new Field('mirror', new Utf8(), true),
    new Field('created_at', new Float64(), false),
    new Field('updated_at', new Float64(), false),
  ]);
}

export function labelsSchema(): ArrowSchema {
  return new Schema([
    new Field('seq', new Float64(), false),
    new Field('photo_id', new Utf8(), false),
    new Field('target_kind', new Utf8(), false),
    new Field('target', new Utf8(), false),
    new Field('value', new Int32(), false),
    new Field('source', new Utf8(), false),
    new Field('created_at', new Float64(), false),
    new Field('undoes', new Float64(), true),
  ]);
}

export function fileActionsSchema(): ArrowSchema {
  return new Schema([
    new Field('seq', new Float64(), false),
    new Field('action_id', new Utf8(), false),
    new Field('album_id', new Utf8(), false),
    new Field('photo_id', new Utf8(), false),
    new Field('mode', new Utf8(), false),
    new Field('source', new Utf8(), false),
    new Field('dest', new Utf8(), false),
    new Field('temp', new Utf8(), true),
    new Field('sha256', new Utf8(), false),
    new Field('state', new Utf8(), false),
    new Field('reverts', new Utf8(), true),
    new Field('message', new Utf8(), true),
    new Field('at', new Float64(), false),
  ]);
}
