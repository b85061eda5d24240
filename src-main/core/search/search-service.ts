import type { ApiParsed, ApiService } from '../../contract/api.js';
import type { SearchApi, SearchHit, SearchResult } from '../../contract/search.js';
import type { Engine } from '../engine.js';
import { toSummary } from '../library/photo-view.js';
import { imageRef, type ImageRef } from './image-query.js';
import { KeywordIndex } from './keyword-index.js';
import type { PhotoSetResolver } from './photo-sets.js';
import { parseQuery, type QueryTerm } from './query-parser.js';
import { combineParts, type QueryPart } from './query-vector.js';
import { RankedListCache, type RankedList } from './ranked-lists.js';
import { rankPhotos } from './ranker.js';
import { DEFAULT_CALIBRATION, GENERIC_CAPTIONS, RelevanceJudge } from './relevance.js';
import { VectorIndex } from './vector-index.js';

export interface SearchDeps {
  requireEngine: () => Engine;
  /** album and tag membership; without it album/tag filters answer QUERY_INVALID */
  photoSets?: PhotoSetResolver;
  /** build the ANN index in the background (long-running cores: the app, the server, `watch`) */
  backgroundIndex?: boolean;
}

export interface SearchFeature {
  api: ApiService<keyof SearchApi>;
  close(): void;
}

/** How often a long-running core checks whether the library has grown into (or out of) its index. */
const INDEX_CHECK_MS = 60_000;

/** What search keeps per engine (one catalogue and model): a model switch starts afresh. */
interface EngineState {
  engine: Engine;
  keywords: KeywordIndex;
  lists: RankedListCache;
  index: VectorIndex;
  generic: Promise<Float32Array[]> | null;
}

/** Search by text, image and filters, ranked once and paged (see [Note: consistent paging]). */
export function searchService(deps: SearchDeps): SearchFeature {
  let state: EngineState | null = null;
  const stateFor = (engine: Engine): EngineState => {
    if (state?.engine !== engine) {
      state?.index.close();
      state = {
        engine,
        keywords: new KeywordIndex(),
        lists: new RankedListCache(),
        index: new VectorIndex(engine.catalog.photos, { catalogDir: engine.catalog.dir }),
        generic: null,
      };
    }
    return state;
  };
  const checkIndex = (): void => {
    let engine: Engine;
    try {
      engine = deps.requireEngine();
    } catch {
      return; // no model yet, so nothing to index
    }
    stateFor(engine).index.maybeBuild();
  };
  const ticker = deps.backgroundIndex === true ? setInterval(checkIndex, INDEX_CHECK_MS) : null;
  ticker?.unref();

  const search = async (input: ApiParsed<'search'>): Promise<SearchResult> => {
    const engine = deps.requireEngine();
    const current = stateFor(engine);
    const terms = parseQuery(input.text).terms;
    const image = input.image === undefined ? null : await imageRef(input.image);
    const key = JSON.stringify([engine.model.modelId, terms, image?.key ?? null, input.filters, input.sort]);
    const list =
      current.lists.find(key, input.resultId, input.offset) ??
      (await rankAfresh(current, key, terms, image, input));
    if (deps.backgroundIndex === true) current.index.maybeBuild();
    return page(engine, list, input, terms, image);
  };

  const rankAfresh = async (
    current: EngineState,
    key: string,
    terms: QueryTerm[],
    image: ImageRef | null,
    input: ApiParsed<'search'>,
  ): Promise<RankedList> => {
    const { engine } = current;
    const parts: QueryPart[] = await Promise.all(
      terms.map(async (t) => ({
        kind: 'text' as const,
        vector: await engine.embedText(t.text),
        weight: t.weight,
      })),
    );
    if (image) parts.push({ kind: 'image', vector: await image.vector(engine), weight: 1 });
    const query = combineParts(parts, input.text === '' ? (image?.echo.kind ?? 'image') : input.text);
    current.generic ??= Promise.all(GENERIC_CAPTIONS.map((caption) => engine.embedText(caption))).catch(
      (error: unknown) => {
        current.generic = null; // a failed embedding is tried again by the next search, not cached
        throw error;
      },
    );
    const judge = new RelevanceJudge(query, await current.generic, DEFAULT_CALIBRATION);
    const ranked = await rankPhotos(
      { photos: engine.catalog.photos, moments: engine.catalog.moments, keywords: current.keywords, sets: deps.photoSets },
      { terms, query, judge, filters: input.filters, sort: input.sort, excludeId: image?.excludeId ?? null },
    );
    return current.lists.put(key, ranked.hits, ranked.bestCount);
  };

  return {
    api: {
      search,
      similarPhotos: ({ photoId, filters, offset, limit }) =>
        search({ text: '', image: { photoId }, filters, sort: 'relevance', offset, limit }),
    },
    close() {
      if (ticker) clearInterval(ticker);
      state?.index.close();
    },
  };
}

/** One page of a ranked list; a photo removed since the list was ranked is left out, never replaced. */
async function page(
  engine: Engine,
  list: RankedList,
  input: ApiParsed<'search'>,
  terms: QueryTerm[],
  image: ImageRef | null,
): Promise<SearchResult> {
  const slice = list.hits.slice(input.offset, input.offset + input.limit);
  const rows = new Map((await engine.catalog.photos.get(slice.map((h) => h.id))).map((row) => [row.id, row]));
  const hits: SearchHit[] = [];
  for (const hit of slice) {
    const row = rows.get(hit.id);
    if (row)
      hits.push({
        ...toSummary(row),
        score: hit.score,
        similarity: hit.similarity,
        tier: hit.tier,
        keywordMatch: hit.keywordMatch,
        ...(hit.moment === undefined ? {} : { moment: hit.moment }),
      });
  }
  return {
    query: input.text,
    terms: terms.map((t) => ({ text: t.text, weight: t.weight })),
    image: image?.echo ?? null,
    hits,
    offset: input.offset,
    total: list.hits.length,
    bestCount: list.bestCount,
    nothingMatched: list.bestCount === 0,
    resultId: list.id,
  };
}
