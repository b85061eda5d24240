import { z } from 'zod';
import type { PhotoSummary } from './library.js';

export interface SearchHit extends PhotoSummary {
  /** cosine similarity between the query and the photo, in [-1, 1] */
  score: number;
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
}

export const searchInputs = {
  search: z.object({
    text: z.string().trim().min(1, 'type something to search for').max(1000),
    limit: z.number().int().positive().max(1000).default(50),
  }),
};

type In<K extends keyof typeof searchInputs> = z.input<(typeof searchInputs)[K]>;

export interface SearchApi {
  search(input: In<'search'>): Promise<SearchResult>;
}
