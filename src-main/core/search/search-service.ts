import type { ApiParsed, ApiService } from '../../contract/api.js';
import type { SearchApi, SearchHit, SearchResult } from '../../contract/search.js';
import type { Engine } from '../pipeline/engine.js';
import { summaryOfKey } from '../library/photo-view.js';
import { imageRef, type ImageRef } from './image-query.js';
import { KeywordIndex } from './keyword-index.js';
import type { PhotoSetResolver } from '../catalog/photo-sets.js';
import { parseQuery, type QueryTerm } from './query-parser.js';
import { combineParts, type QueryPart } from './query-vector.js';
import { RankedListCache, type RankedList } from './ranked-lists.js';
import { rankPhotos } from './ranker.js';
import { DEFAULT_CALIBRATION, GENERIC_CAPTIONS, genericCaptionsFor, RelevanceJudge } from './relevance.js';
import { guessQueryLanguage, type TextRoute } from '../model/query-language.js';
import { VectorIndex } from '../catalog/vector-index.js';
import { warmTableIndex } from '../catalog/photo-vectors.js';

export interface SearchDeps {
  requireEngine: () => Engine;
  /** album and tag membership; without it album/tag filters answer QUERY_INVALID */
  photoSets?: PhotoSetResolver;
  /** build the ANN index in the background (long-running cores: the app, the server, `watch`) */
  backgroundIndex?: boolean;
  /** the fewest photos for an ANN index (tests; INDEX_MIN_ROWS otherwise) */
  indexMinRows?: number | undefined;
}

export interface SearchFeature {
  api: ApiService<keyof SearchApi>;
  /**
   * Builds or refreshes the ANN index when the library has crossed the threshold (or grown enough since),
   * and waits for it: what a core that does not index in the background (the `index` command) does after a
   * rescan, so its next search is not an exact scan. Nothing to do without a model.
   */
  indexIfDue(): Promise<void>;
  /**
   * Makes now what the first search would make ([Note: warming for the page]): the text towers (tokenizer,
   * session, a first run), the generic captions' vectors, LanceDB's read of the ANN index and the keyword index
   * of every name. `proceed` is awaited before each step and says whether to go on (the caller waits there for
   * its calls to pause, and answers false once closing). A search meanwhile shares each piece, never makes a second.
   */
  warm(proceed: () => Promise<boolean>): Promise<WarmOutcome>;
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
  /** the generic captions' vectors, per caption language and tower */
  generic: Map<string, Promise<Float32Array[]>>;
  /** the first search's read of the ANN index (see `indexRead`) */
  warm?: Promise<void>;
}

/**
 * LanceDB's first read of the ANN index, once per engine: the one the catalogue started at open for a process that
 * searches soon, else started now ([Note: the index read at open]).
 */
function indexRead(current: EngineState): Promise<void> {
  const { catalog } = current.engine;
  return (current.warm ??= catalog.indexRead ?? warmTableIndex(catalog.photos.table, catalog.photos.dimension));
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
        index: new VectorIndex(engine.catalog.photos, { catalogDir: engine.catalog.dir, ...(deps.indexMinRows === undefined ? {} : { minRows: deps.indexMinRows }) }),
        generic: new Map(),
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
    const towers = await engine.towers.key();
    const key = JSON.stringify([engine.model.modelId, towers, terms, image?.key ?? null, input.filters, input.sort]);
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
    // the first search of a process: LanceDB reads the ANN index from disk while the text tower loads and encodes
    const warm = indexRead(current);
    const parts: QueryPart[] = [];
    let captionTower: { route: TextRoute; language: string } | null = null;
    for (const t of terms) {
      const tower = await engine.towers.towerFor(t.text);
      if (t.weight > 0) captionTower ??= { route: tower.route, language: guessQueryLanguage(t.text) };
      parts.push({ kind: 'text', vector: await engine.embedText(t.text, tower.route), weight: t.weight });
    }
    if (image) parts.push({ kind: 'image', vector: await image.vector(engine), weight: 1 });
    const query = combineParts(parts, input.text === '' ? (image?.echo.kind ?? 'image') : input.text);
    await warm;
    const judge = new RelevanceJudge(query, await genericVectors(current, captionTower ?? { route: 'clip', language: 'en' }), DEFAULT_CALIBRATION);
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
    async indexIfDue() {
      let engine: Engine;
      try {
        engine = deps.requireEngine();
      } catch {
        return;
      }
      const { index } = stateFor(engine);
      index.maybeBuild();
      await index.idle();
    },
    warm: (proceed) => warmSearch(deps, stateFor, proceed),
    close() {
      if (ticker) clearInterval(ticker);
      state?.index.close();
    },
  };
}

/** Names tokenised between two pauses of the warm-up: about 20 ms of the thread at 100k photos on 2 busy cores. */
const WARM_SLICE = 2_000;

/** A Chinese text: what a search in Chinese routes and captions by (warmed only with the multilingual add-on). */
const CHINESE_SAMPLE = '照片';

/** What a warm-up did: everything, stopped half way (closing), or nothing (no model yet). */
export type WarmOutcome = 'warmed' | 'stopped' | 'no model';

async function warmSearch(deps: SearchDeps, stateFor: (engine: Engine) => EngineState, go: () => Promise<boolean>): Promise<WarmOutcome> {
  let engine: Engine;
  try {
    engine = deps.requireEngine();
  } catch {
    return 'no model'; // nothing a search could use yet
  }
  // a model switch replaces the engine: warming the one it retires would only hold it up
  const serving = (): boolean => {
    try {
      return deps.requireEngine() === engine;
    } catch {
      return false;
    }
  };
  const proceed = async (): Promise<boolean> => (await go()) && serving();
  const current = stateFor(engine);
  // every search asks the towers first, which finds (and loads) the multilingual add-on when one is installed
  if (!(await proceed())) return 'stopped';
  const addOn = await engine.towers.multilingual();
  // the captions of English queries, and of Chinese ones when the add-on reads them; CLIP's text tower is loaded
  // first, in a worker thread of its own, so that its load (seconds on a busy machine) never holds this thread
  for (const sample of addOn === null ? [GENERIC_CAPTIONS[0]] : [GENERIC_CAPTIONS[0], CHINESE_SAMPLE]) {
    if (!(await proceed())) return 'stopped';
    const tower = await engine.towers.towerFor(sample);
    if (tower.route === 'clip') await engine.model.loadTextInWorker();
    if (!(await proceed())) return 'stopped';
    await genericVectors(current, { route: tower.route, language: guessQueryLanguage(sample) });
  }
  if (!(await proceed())) return 'stopped';
  await indexRead(current);
  if (!(await proceed())) return 'stopped';
  current.keywords.syncSoon(engine.catalog.photos, { between: proceed, slice: WARM_SLICE });
  await current.keywords.idle();
  return (await proceed()) ? 'warmed' : 'stopped';
}

/**
 * The generic captions in the language of the query's first wanted term, through that term's tower: the
 * baseline must come from the tower and language the query was read in (see [Note: best matches]).
 */
function genericVectors(current: EngineState, by: { route: TextRoute; language: string }): Promise<Float32Array[]> {
  const captions = genericCaptionsFor(by.language);
  const key = `${by.route}:${captions[0] ?? ''}`;
  let vectors = current.generic.get(key);
  if (!vectors) {
    vectors = Promise.all(captions.map((caption) => current.engine.embedText(caption, by.route)));
    // a failed embedding is tried again by the next search, not cached
    vectors.catch(() => current.generic.delete(key));
    current.generic.set(key, vectors);
  }
  return vectors;
}

/**
 * One page of a ranked list, its rows from the in-memory keys; a photo removed since the list was ranked is
 * left out, never replaced.
 */
function page(
  engine: Engine,
  list: RankedList,
  input: ApiParsed<'search'>,
  terms: QueryTerm[],
  image: ImageRef | null,
): SearchResult {
  const slice = list.hits.slice(input.offset, input.offset + input.limit);
  const hits: SearchHit[] = [];
  for (const hit of slice) {
    const key = engine.catalog.photos.fields(hit.id);
    if (key)
      hits.push({
        ...summaryOfKey(key),
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
