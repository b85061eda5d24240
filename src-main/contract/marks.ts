import { z } from 'zod';
import type { Album, MembershipChange } from './albums.js';
import type { PhotoSummary } from './library.js';

/** A person's marks on one photo, kept in the library, never in the file ([Note: marks live in the library]). */
export interface PhotoMarks {
  id: string;
  favourite: boolean;
  /** 0 (none) to 5 stars */
  rating: number;
  /** clockwise degrees the photo is shown turned: 0, 90, 180, 270 */
  rotation: number;
}

export interface MarkResult {
  /** how many photos' marks changed */
  changed: number;
  marks: PhotoMarks[];
}

export interface BulkAlbumResult extends MembershipChange {
  /** how many of the given photos now carry the correction or membership asked for */
  applied: number;
}

export interface BulkTagResult {
  tag: string;
  /** how many photos gained (add) or lost (remove) the tag */
  changed: number;
}

/**
 * The most photos one bulk request may name: 1,000 is one call; a larger selection goes in a few
 * (ids of ~40 characters keep a request well under the transports' 1 MB input limit).
 */
export const BULK_MAX = 10_000;

const Id = z.string().min(1);
const Ids = z.array(Id).min(1, 'select at least one photo').max(BULK_MAX);
const Rotation = z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]);

export const markInputs = {
  getMarks: z.object({ photoIds: z.array(Id).max(BULK_MAX) }),
  setMarks: z
    .object({
      photoIds: Ids,
      favourite: z.boolean().optional(),
      rating: z.number().int().min(0).max(5).optional(),
      /** turn to this angle */
      rotation: Rotation.optional(),
      /** turn by this much from where each photo is now (clockwise; -90 is anticlockwise) */
      rotateBy: z.union([z.literal(-90), z.literal(90), z.literal(180)]).optional(),
    })
    .refine((i) => i.favourite !== undefined || i.rating !== undefined || i.rotation !== undefined || i.rotateBy !== undefined, {
      error: 'say what to mark: favourite, rating, rotation or rotateBy',
    })
    .refine((i) => i.rotation === undefined || i.rotateBy === undefined, { error: 'give rotation or rotateBy, not both' }),
  markedPhotos: z.object({
    favourite: z.boolean().optional(),
    minRating: z.number().int().min(1).max(5).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().positive().max(1000).default(200),
  }),
  createManualAlbum: z.object({
    name: z.string().trim().min(1, 'an album needs a name').max(200),
    photoIds: z.array(Id).max(BULK_MAX).default([]),
  }),
  /** smart album: the photos become included corrections; manual album: members */
  addToAlbum: z.object({ albumId: Id, photoIds: Ids }),
  /** smart album: the photos become excluded corrections; manual album: they leave it */
  removeFromAlbum: z.object({ albumId: Id, photoIds: Ids }),
  tagPhotos: z.object({ photoIds: Ids, tag: z.string().trim().min(1, 'a tag cannot be empty').max(200), remove: z.boolean().default(false) }),
};

type In<K extends keyof typeof markInputs> = z.input<(typeof markInputs)[K]>;

export interface MarksApi {
  /** The marks of these photos (none: favourite false, rating 0, rotation 0). */
  getMarks(input: In<'getMarks'>): Promise<PhotoMarks[]>;
  /** Marks many photos in one durable write. */
  setMarks(input: In<'setMarks'>): Promise<MarkResult>;
  /** Favourites (and/or photos rated at least N), newest first. */
  markedPhotos(input: In<'markedPhotos'>): Promise<{ total: number; photos: PhotoSummary[] }>;
  /** An album that is exactly the photos a person puts in it: no prompt, nothing is scored. */
  createManualAlbum(input: In<'createManualAlbum'>): Promise<Album>;
  addToAlbum(input: In<'addToAlbum'>): Promise<BulkAlbumResult>;
  removeFromAlbum(input: In<'removeFromAlbum'>): Promise<BulkAlbumResult>;
  tagPhotos(input: In<'tagPhotos'>): Promise<BulkTagResult>;
}
