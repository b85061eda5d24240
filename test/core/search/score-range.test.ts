import { describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION, RelevanceJudge } from '../../../src-main/core/search/relevance.js';
import { combineParts } from '../../../src-main/core/search/query-vector.js';

/** A unit vector in 4 dimensions at `angle` (radians) from the first axis. */
const unit = (angle: number): Float32Array => new Float32Array([Math.cos(angle), Math.sin(angle), 0, 0]);

describe('a search score with the keyword bonus', () => {
  const query = combineParts([{ kind: 'text', vector: unit(0), weight: 1 }], 'beach');
  const judge = new RelevanceJudge(query, [unit(Math.PI / 2)], DEFAULT_CALIBRATION);
  const similarities = [-1, -0.99, -0.5, 0, 0.2, 0.3, 0.9, 0.99, 1];

  it('stays in [-1, 1] whatever the similarity and the match, wanted words or unwanted', () => {
    for (const similarity of similarities) {
      for (const keyword of [-1, -0.5, 0, 0.5, 1]) {
        const { score } = judge.judge(unit(Math.acos(similarity)), similarity, keyword);
        expect(score, `${similarity} ${keyword}`).toBeGreaterThanOrEqual(-1);
        expect(score, `${similarity} ${keyword}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is the similarity without a match, and a match ranks a photo higher without reordering the others', () => {
    for (const similarity of similarities) expect(judge.judge(unit(0), similarity, 0).score).toBe(similarity);
    const matched = similarities.map((s) => judge.judge(unit(0), s, 1).score);
    const unwanted = similarities.map((s) => judge.judge(unit(0), s, -1).score);
    for (let i = 1; i < similarities.length - 1; i += 1) {
      const s = similarities[i] ?? 0;
      expect(matched[i]).toBeGreaterThan(s);
      expect(unwanted[i]).toBeLessThan(s);
      expect(matched[i]).toBeGreaterThan(matched[i - 1] ?? Infinity);
      expect(unwanted[i]).toBeGreaterThan(unwanted[i - 1] ?? Infinity);
    }
    // At a typical CLIP similarity the bonus is most of the calibrated 0.1.
    expect(judge.judge(unit(0), 0.25, 1).score).toBeCloseTo(0.25 + 0.1 * 0.75, 6);
  });

  it('makes a photo named after the query a best match on its own, as before', () => {
    // Generic captions score this photo as well as the query: without the name it is no best match.
    const photo = unit(Math.PI / 4);
    const similarity = Math.cos(Math.PI / 4);
    expect(judge.judge(photo, similarity, 0).tier).toBe('more');
    expect(judge.judge(photo, similarity, 1).tier).toBe('best');
  });
});
