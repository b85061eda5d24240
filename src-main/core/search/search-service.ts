import type { ApiService } from '../../contract/api.js';
import type { SearchApi } from '../../contract/search.js';
import type { Engine } from '../engine.js';
import { searchByVector } from './vector-search.js';

/** Text → vector (cached) → top-k by cosine. */
export function searchService(deps: { requireEngine: () => Engine }): ApiService<keyof SearchApi> {
  return {
    async search({ text, limit }) {
      const engine = deps.requireEngine();
      const vector = await engine.embedText(text);
      const hits = await searchByVector(engine.catalog.photos, vector, limit);
      return { query: text, hits };
    },
  };
}
