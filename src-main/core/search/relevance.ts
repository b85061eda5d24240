import type { SearchTier } from '../../contract/search.js';
import { GENERIC_CAPTIONS_ZH } from './prompt-templates-zh.js';
import type { QueryVector } from './query-vector.js';
import { dot } from './vector-search.js';

/**
 * [Note: best matches]
 * A cosine score means nothing on its own: CLIP gives every photo some similarity to every text,
 * and the level differs between models and between queries. So each photo is compared with what
 * a caption that says nothing ("a photo", "an image", …) scores for that same photo: a photo is a
 * best match when the query beats the best generic caption by the model's margin. For a query of
 * several parts the baseline is the same weighted mix the query vector is made of: text parts
 * count the generic score, image parts `imageBaseline` (what an unrelated photo scores against an
 * image). A keyword match adds `keywordWeight` (times the share of query words matched) to this
 * comparison, so a photo named after the query is a best match on its own. The score shown and
 * ranked by gets the same bonus as a share of what is left between the similarity and 1 (between
 * it and -1 for an unwanted word): it stays a cosine-like number in [-1, 1], equal to the
 * similarity without a keyword match and growing with both the similarity and the match.
 * A query the model does not understand lands where the generic captions land, and nothing is
 * a best match: the response says `nothingMatched` instead of passing random photos off as hits.
 */
export interface Calibration {
  /** cosine units a photo must beat the generic captions by */
  bestMatchMargin: number;
  /** the similarity of an unrelated photo to an image query */
  imageBaseline: number;
  /** bonus for matching every wanted query word in a file, folder or tag name */
  keywordWeight: number;
}

/**
 * Defaults for any model without its own calibration. An estimate, not a measurement: the real
 * weights cannot be downloaded here, and with CLIP ViT-B/32 a matching text commonly scores a
 * few hundredths above "a photo" on the same image, so the margin asks for two. The tiny test
 * model's gaps are far wider. A per-model value belongs in its catalogue entry once measured.
 */
export const DEFAULT_CALIBRATION: Calibration = {
  bestMatchMargin: 0.02,
  imageBaseline: 0.75,
  keywordWeight: 0.1,
};

export const GENERIC_CAPTIONS = [
  'a photo',
  'an image',
  'a picture',
  'a photograph',
  'a photo of something',
  'a picture of something',
  'an image of something',
  'a snapshot',
] as const;

/** The generic captions in a query's language: Chinese for Chinese, else English (read by the query's tower). */
export function genericCaptionsFor(language: string): readonly string[] {
  return language === 'zh' ? GENERIC_CAPTIONS_ZH : GENERIC_CAPTIONS;
}

export interface Judgement {
  score: number;
  tier: SearchTier;
}

export class RelevanceJudge {
  constructor(
    private readonly query: QueryVector,
    private readonly generic: readonly Float32Array[],
    private readonly calibration: Calibration,
  ) {}

  /** `similarity` is the query·photo cosine; `keywordScore` in [-1, 1] (see keyword-index.ts). */
  judge(photo: Float32Array, similarity: number, keywordScore: number): Judgement {
    const bonus = Math.max(-1, Math.min(1, this.calibration.keywordWeight * keywordScore));
    const gain = similarity - this.baseline(photo) + bonus;
    // The bonus as a share of the way to the bound, so the score stays in [-1, 1] (see [Note: best matches]).
    const score = similarity + bonus * (1 - Math.sign(bonus) * similarity);
    return { score: Math.max(-1, Math.min(1, score)), tier: gain >= this.calibration.bestMatchMargin ? 'best' : 'more' };
  }

  /** What the query would score for this photo if each of its parts matched it only generically. */
  private baseline(photo: Float32Array): number {
    const { textWeight, imageWeight, norm } = this.query;
    const text = textWeight === 0 ? 0 : textWeight * this.genericScore(photo);
    return (text + imageWeight * this.calibration.imageBaseline) / norm;
  }

  private genericScore(photo: Float32Array): number {
    let best = -1;
    for (const caption of this.generic) best = Math.max(best, dot(caption, photo));
    return best;
  }
}
