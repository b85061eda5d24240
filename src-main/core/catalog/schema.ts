import { Field, FixedSizeList, Float32, Float64, Int32, Schema, Utf8, type ArrowSchema } from './arrow.js';

/**
 * The numbered schema of the catalogue. Bump SCHEMA_VERSION and add a step to
 * `migrations.ts` for every change, so a library written by an older Shoebox still opens.
 */
export const SCHEMA_VERSION = 1;

// Sizes and times are Float64 (exact up to 2^53) so rows read back as plain numbers, not BigInt.

/** One row per photo file that was embedded. Photos that failed live in `failures`, so every vector is real. */
export interface PhotoRow {
  id: string;
  content_hash: string;
  full_hash: string;
  path: string;
  root: string;
  size: number;
  mtime: number;
  width: number;
  height: number;
  taken_at: number | null;
  taken_offset: string | null;
  camera: string | null;
  lat: number | null;
  lon: number | null;
  format: string;
  model_id: string;
  indexed_at: number;
  vector: number[] | Float32Array;
}

export interface FailureRow {
  path: string;
  root: string;
  size: number;
  mtime: number;
  code: string;
  message: string;
  failed_at: number;
}

export function photosSchema(dimension: number): ArrowSchema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('content_hash', new Utf8(), false),
    new Field('full_hash', new Utf8(), false),
    new Field('path', new Utf8(), false),
    new Field('root', new Utf8(), false),
    new Field('size', new Float64(), false),
    new Field('mtime', new Float64(), false),
    new Field('width', new Int32(), false),
    new Field('height', new Int32(), false),
    new Field('taken_at', new Float64(), true),
    new Field('taken_offset', new Utf8(), true),
    new Field('camera', new Utf8(), true),
    new Field('lat', new Float64(), true),
    new Field('lon', new Float64(), true),
    new Field('format', new Utf8(), false),
    new Field('model_id', new Utf8(), false),
    new Field('indexed_at', new Float64(), false),
    new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
  ]);
}

/** One sampled frame of a video: see [Note: video moments]. */
export interface MomentRow {
  photo_id: string;
  /** seconds from the start */
  time: number;
  vector: number[] | Float32Array;
}

export function momentsSchema(dimension: number): ArrowSchema {
  return new Schema([
    new Field('photo_id', new Utf8(), false),
    new Field('time', new Float64(), false),
    new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
  ]);
}

export function failuresSchema(): ArrowSchema {
  return new Schema([
    new Field('path', new Utf8(), false),
    new Field('root', new Utf8(), false),
    new Field('size', new Float64(), false),
    new Field('mtime', new Float64(), false),
    new Field('code', new Utf8(), false),
    new Field('message', new Utf8(), false),
    new Field('failed_at', new Float64(), false),
  ]);
}

export function metaSchema(): ArrowSchema {
  return new Schema([new Field('key', new Utf8(), false), new Field('value', new Utf8(), false)]);
}

/** Columns read for listings and results: everything but the vector. */
export const PHOTO_COLUMNS = [
  'id',
  'content_hash',
  'full_hash',
  'path',
  'root',
  'size',
  'mtime',
  'width',
  'height',
  'taken_at',
  'taken_offset',
  'camera',
  'lat',
  'lon',
  'format',
  'model_id',
  'indexed_at',
] as const;

/** SQL string literal for LanceDB filters (DataFusion dialect). */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
