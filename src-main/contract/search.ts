import { z } from 'zod';
import type { PhotoSummary } from './library.js';

export type SearchTier = 'best' | 'more';
export type SearchSort = 'relevance' | 'newest' | 'oldest';

export interface SearchHit extends PhotoSummary {
  /** what the results are ranked by: `similarity` raised by the keyword bonus, in [-1, 1] (see the README's "Search syntax") */
  score: number;
  /** cosine similarity between the query vector and the photo, in [-1, 1] */
  similarity: number;
  /** 'best' when the photo beats what generic captions ("a photo", …) score for it by the model's margin */
  tier: SearchTier;
  /** a query word is in the file name, a folder name or a tag */
  keywordMatch: boolean;
  /** a video: the moment that matched best, in seconds from its start (the viewer plays from there) */
  moment?: number;
}

/** One term of the parsed query, echoed back: weight < 0 pushes away from the text. */
export interface SearchTerm {
  text: string;
  weight: number;
}

export type SearchImageEcho = { kind: 'photo'; photoId: string } | { kind: 'file'; name: string };

export interface SearchResult {
  /** the text as typed ('' when searching by an image alone) */
  query: string;
  terms: SearchTerm[];
  image: SearchImageEcho | null;
  /** this page, best first (or by date) */
  hits: SearchHit[];
  offset: number;
  /** matches before paging (the ranked list is capped, see SEARCH_RESULT_CAP) */
  total: number;
  /** how many of `total` are best matches; with sort by relevance they come first */
  bestCount: number;
  /** true when no photo is a best match: the hits are only the nearest photos */
  nothingMatched: boolean;
  /** pass it back with the next page's request to page through exactly this list */
  resultId: string;
}

/** The ranked list of one search is computed once, up to this many photos, and paged from there. */
export const SEARCH_RESULT_CAP = 2000;

const MAX_IMAGE_BYTES = 50 * 1024 * 1024;

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'use an ISO date such as 2019-07-01')
  .refine((value) => !Number.isNaN(Date.parse(value)), { error: 'is not a real date' });

export const SearchFilters = z.strictObject({
  /** taken on or after this day (or instant) */
  from: IsoDate.optional(),
  /** taken on or before this day (a whole day when no time is given) */
  to: IsoDate.optional(),
  /** a library root or any folder inside one */
  folder: z.string().min(1).optional(),
  /** part of the camera's name, any case */
  camera: z.string().min(1).optional(),
  /** file type: jpeg, png, webp, gif, tiff, avif, heic, jxl */
  format: z.string().min(1).optional(),
  hasGps: z.boolean().optional(),
  album: z.string().min(1).optional(),
  tag: z.string().min(1).optional(),
  /** only the person's favourites */
  favourite: z.literal(true).optional(),
  /** only photos rated at least this many stars */
  minRating: z.number().int().min(1).max(5).optional(),
});
export type SearchFilters = z.output<typeof SearchFilters>;

export const ImageQuery = z.union([
  /** a library photo: "more like this" */
  z.strictObject({ photoId: z.string().min(1) }),
  /** a file outside the library (CLI, Electron): embedded, never added */
  z.strictObject({ path: z.string().min(1) }),
  /** a dropped file's bytes (the browser) */
  z.strictObject({
    bytesBase64: z
      .string()
      .min(1)
      .max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4, 'the image is over 50 MB'),
    name: z.string().min(1).max(255).optional(),
  }),
]);
export type ImageQuery = z.output<typeof ImageQuery>;

const Paging = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().positive().max(1000).default(50),
};

export const searchInputs = {
  search: z
    .object({
      /** the query language of the README's "Search syntax" */
      text: z.string().trim().max(1000).default(''),
      image: ImageQuery.optional(),
      filters: SearchFilters.default({}),
      sort: z.enum(['relevance', 'newest', 'oldest']).default('relevance'),
      ...Paging,
      resultId: z.string().min(1).max(100).optional(),
    })
    .refine((input) => input.text !== '' || input.image !== undefined, {
      path: ['text'],
      error: 'type something to search for, or give an image',
    }),
  similarPhotos: z.object({
    photoId: z.string().min(1),
    filters: SearchFilters.default({}),
    ...Paging,
  }),
};

type In<K extends keyof typeof searchInputs> = z.input<(typeof searchInputs)[K]>;

export interface SearchApi {
  search(input: In<'search'>): Promise<SearchResult>;
  /** "More like this": the photos nearest to a library photo, without the photo itself. */
  similarPhotos(input: In<'similarPhotos'>): Promise<SearchResult>;
}
