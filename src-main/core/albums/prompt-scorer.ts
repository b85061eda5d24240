import { dotRow } from './vector-scan.js';

/** The text side of an album: unit vectors of its prompts and of its negative prompts. */
export interface AlbumPromptVectors {
  prompts: Float32Array[];
  negatives: Float32Array[];
}

export type EmbedPrompt = (text: string) => Promise<Float32Array>;

export async function embedAlbumPrompts(
  definition: { prompts: readonly string[]; negativePrompts: readonly string[] },
  embed: EmbedPrompt,
): Promise<AlbumPromptVectors> {
  const prompts = await Promise.all(definition.prompts.map(embed));
  const negatives = await Promise.all(definition.negativePrompts.map(embed));
  return { prompts, negatives };
}

function bestCosine(values: Float32Array, row: number, vectors: readonly Float32Array[]): number {
  let best = -Infinity;
  for (const v of vectors) best = Math.max(best, dotRow(values, row, v));
  return best;
}

/**
 * [Note: album score]
 * A photo's prompt score is its best cosine to any of the album's prompts (max, not mean: the
 * prompts of one album are alternatives, "dog on the sand" or "dog in the waves", and a photo
 * that fits one of them well belongs; a mean would punish it for not fitting the others),
 * minus its best cosine to any negative prompt, weighted 1 like the `a - b` of rclip's query
 * arithmetic. The threshold is compared against this score; the preview shows where scores lie.
 */
export function promptScore(vectors: AlbumPromptVectors, values: Float32Array, row: number): number {
  const positive = bestCosine(values, row, vectors.prompts);
  return vectors.negatives.length === 0 ? positive : positive - bestCosine(values, row, vectors.negatives);
}
