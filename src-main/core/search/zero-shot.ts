import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { ClassifyInput, PromptScore, TemplateMode } from '../../contract/models.js';
import type { Catalog } from '../catalog/catalog.js';
import { preprocessImage } from '../imaging/index.js';
import type { LoadedModel } from '../model/open-model.js';
import type { ZeroShotScoring } from '../model/scoring.js';
import type { TextTowerHandle } from '../model/text-towers.js';
import { TextVectorCache, textCacheFile, towerFingerprint } from '../model/text-vector-cache.js';
import { promptSentences } from './prompt-templates.js';
import { guessQueryLanguage } from '../model/query-language.js';

export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** The mean of unit vectors, made unit again: CLIP's prompt ensemble (average the normalised embeddings). */
export function averageDirection(vectors: readonly Float32Array[]): Float32Array {
  const first = vectors[0];
  if (first === undefined) throw new AppError('INTERNAL', 'averageDirection needs at least one vector.');
  const mean = new Float32Array(first.length);
  for (const v of vectors) v.forEach((x, i) => (mean[i] = (mean[i] ?? 0) + x));
  const norm = Math.hypot(...mean);
  if (norm > 0) mean.forEach((x, i) => (mean[i] = x / norm));
  return mean;
}

/**
 * Zero-shot probabilities from cosines, the way each model was trained: CLIP's softmax over
 * logit_scale x cosine (the prompts compete, the probabilities sum to 1), SigLIP's independent
 * sigmoid of logit_scale x cosine + logit_bias (each prompt is a yes/no question of its own).
 */
export function zeroShotProbabilities(cosines: readonly number[], scoring: ZeroShotScoring): number[] {
  const logits = cosines.map((c) => scoring.logitScale * c + (scoring.kind === 'sigmoid' ? scoring.logitBias : 0));
  if (scoring.kind === 'sigmoid') return logits.map((z) => 1 / (1 + Math.exp(-z)));
  const top = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - top));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/**
 * The text side of zero-shot scoring for one model: a label becomes its template sentences, whose
 * embeddings come from the model's TextVectorCache (memory, then disk, then the text tower), and are
 * averaged into one direction. Each label's direction is kept too, so repeated scoring costs nothing.
 */
export class PromptVectors {
  private readonly directions = new Map<string, Promise<Float32Array>>();

  constructor(private readonly sentences: TextVectorCache) {}

  /** Prompt vectors of one text tower, cached on disk under the tower's id. */
  static forTower(tower: TextTowerHandle, embeddingSize: number, cacheDir: string): PromptVectors {
    const cache = new TextVectorCache(
      textCacheFile(cacheDir, tower.id),
      embeddingSize,
      () => towerFingerprint(tower.id, tower.textPath),
      (texts) => tower.embedTexts(texts),
    );
    return new PromptVectors(cache);
  }

  /** A label's direction: its template sentences in the label's own language, averaged. */
  vector(label: string, mode: TemplateMode = 'ensemble'): Promise<Float32Array> {
    const key = `${mode}\u0000${label}`;
    let direction = this.directions.get(key);
    if (direction === undefined) {
      direction = this.sentences.embed(promptSentences(label, mode, guessQueryLanguage(label))).then(averageDirection);
      void direction.catch(() => this.directions.delete(key));
      this.directions.set(key, direction);
    }
    return direction;
  }

  /** Resolves when the sentence vectors embedded so far are saved. */
  saved(): Promise<void> {
    return this.sentences.flushed();
  }
}

/** What scoring one image needs from the engine that serves search. */
export interface ZeroShotSource {
  model: LoadedModel;
  catalog: Catalog;
  promptVector(label: string, mode?: TemplateMode): Promise<Float32Array>;
}

async function imageVector(source: ZeroShotSource, input: ClassifyInput): Promise<Float32Array> {
  if (input.photoId !== undefined) {
    const vector = (await source.catalog.photos.vectors([input.photoId])).get(input.photoId);
    if (!vector) throw new AppError('NOT_FOUND', `No photo with id ${input.photoId}.`);
    return vector;
  }
  const file = path.resolve(input.imagePath ?? '');
  const tensor = await preprocessImage(file, source.model.preprocess);
  const [vector] = await source.model.embedImages(tensor, 1);
  if (!vector) throw new AppError('INTERNAL', `The image model returned no vector for ${file}.`);
  return vector;
}

/** One photo (by id) or one image file (embedded, not added) scored against prompts, best first. */
export async function classifyImage(source: ZeroShotSource, input: ClassifyInput): Promise<PromptScore[]> {
  const image = await imageVector(source, input);
  const prompts = [...new Set(input.prompts.map((p) => p.trim()))];
  const directions = await Promise.all(prompts.map((p) => source.promptVector(p, input.templates)));
  const cosines = directions.map((d) => dot(image, d));
  const probabilities = zeroShotProbabilities(cosines, source.model.scoring);
  return prompts
    .map((prompt, i) => ({ prompt, probability: probabilities[i] ?? 0, cosine: cosines[i] ?? 0 }))
    .sort((a, b) => b.probability - a.probability);
}
