import { SEARCH_RESULT_CAP, type SearchFilters, type SearchSort } from '../../contract/search.js';
import type { BestMoment, MomentStore } from '../catalog/moment-store.js';
import type { PhotoStore } from '../catalog/photo-store.js';
import type { KeywordIndex } from './keyword-index.js';
import { BACKGROUND_SYNC_FROM, queryKeywords } from './keyword-index.js';
import type { PhotoSetResolver } from '../catalog/photo-sets.js';
import type { QueryTerm } from './query-parser.js';
import type { QueryVector } from './query-vector.js';
import type { RankedHit } from './ranked-lists.js';
import type { RelevanceJudge } from './relevance.js';
import { planFilters } from '../catalog/search-filters.js';
import { nearestPhotos, photosWithVectors, type Candidate } from '../catalog/photo-vectors.js';
import { dot } from './vector-search.js';

/** Nearest video moments looked at per search; a video far from the query is scored by its own row. */
const MOMENT_CANDIDATES = 500;

/** Keyword-only hits fetched beside the nearest photos, best keyword scores first. */
const KEYWORD_CANDIDATES = 1000;

export interface RankRequest {
  terms: readonly QueryTerm[];
  query: QueryVector;
  judge: RelevanceJudge;
  filters: SearchFilters;
  sort: SearchSort;
  excludeId: string | null;
}

export interface RankContext {
  photos: PhotoStore;
  /** the videos' moments: a video is scored by its best one ([Note: video moments]) */
  moments?: MomentStore;
  keywords: KeywordIndex;
  sets: PhotoSetResolver | undefined;
}

/**
 * The ranked list of one search: the photos nearest the query vector among those the filters
 * admit, plus photos whose names or tags hold a query word however far their vectors are,
 * each scored and tiered by the judge, then ordered (see [Note: best matches]).
 */
export async function rankPhotos(
  ctx: RankContext,
  request: RankRequest,
): Promise<{ hits: RankedHit[]; bestCount: number }> {
  const plan = await planFilters(request.filters, ctx.sets, request.excludeId);
  if (plan.searches.length === 0) return { hits: [], bestCount: 0 };
  // a large library's keyword index is refreshed after this search has ranked, so the two never share the CPU
  const background = ctx.photos.count >= BACKGROUND_SYNC_FROM || ctx.keywords.syncing;
  if (!background) ctx.keywords.syncWith(ctx.photos);
  const tagsOf = ctx.sets ? (id: string) => ctx.sets?.tagsOf(id) ?? [] : undefined;
  const keywordScores = ctx.keywords.match(queryKeywords(request.terms), tagsOf);
  const limit = plan.limit(SEARCH_RESULT_CAP, ctx.photos.count);
  const nearest: Candidate[] = [];
  for (const where of plan.searches)
    nearest.push(...(await nearestPhotos(ctx.photos, request.query.vector, limit, where)));
  const seen = new Set(nearest.map((c) => c.id));
  const byKeyword = [...keywordScores]
    .filter(
      ([id, score]) =>
        score > 0 && !seen.has(id) && id !== request.excludeId && (plan.members?.has(id) ?? true),
    )
    .sort((a, b) => b[1] - a[1])
    .slice(0, KEYWORD_CANDIDATES)
    .map(([id]) => id);
  const named = await photosWithVectors(ctx.photos, byKeyword, plan.columns);
  const moments = (await ctx.moments?.best(request.query.vector, MOMENT_CANDIDATES)) ?? new Map<string, BestMoment>();
  const found = new Set([...nearest, ...named].map((c) => c.id));
  const byMoment = [...moments.keys()].filter(
    (id) => !found.has(id) && id !== request.excludeId && ctx.photos.has(id),
  );
  const videos = await photosWithVectors(ctx.photos, byMoment, plan.columns);
  const admitted = [...nearest, ...named, ...videos].filter((c) => plan.members?.has(c.id) ?? true);
  const hits = admitted.map((c) => {
    const moment = moments.get(c.id);
    const candidate = moment ? { id: c.id, vector: moment.vector } : c;
    const hit = scored(candidate, request, keywordScores.get(c.id) ?? 0, ctx.photos.takenAt(c.id));
    return moment ? { ...hit, moment: moment.time } : hit;
  });
  const ordered = order(hits, request.sort).slice(0, SEARCH_RESULT_CAP);
  if (background) ctx.keywords.syncSoon(ctx.photos);
  return { hits: ordered, bestCount: ordered.filter((h) => h.tier === 'best').length };
}

function scored(
  candidate: Candidate,
  request: RankRequest,
  keywordScore: number,
  takenAt: number | null,
): RankedHit {
  const similarity = dot(request.query.vector, candidate.vector);
  const { score, tier } = request.judge.judge(candidate.vector, similarity, keywordScore);
  return { id: candidate.id, takenAt, score, similarity, tier, keywordMatch: keywordScore > 0 };
}

/**
 * Best matches first, then the rest; within each tier by score, or by taken date (newest or
 * oldest first), so a date-sorted search still lists what matched before what did not.
 */
function order(hits: RankedHit[], sort: SearchSort): RankedHit[] {
  const byTier = (a: RankedHit, b: RankedHit): number => (a.tier === b.tier ? 0 : a.tier === 'best' ? -1 : 1);
  const byId = (a: RankedHit, b: RankedHit): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (sort === 'relevance') return hits.sort((a, b) => byTier(a, b) || b.score - a.score || byId(a, b));
  const direction = sort === 'newest' ? -1 : 1;
  const time = (h: RankedHit): number => h.takenAt ?? (direction < 0 ? -Infinity : Infinity);
  return hits.sort(
    (a, b) => byTier(a, b) || direction * (time(a) - time(b)) || b.score - a.score || byId(a, b),
  );
}
