import type { ZeroShotResult } from '../../contract/albums.js';
import { AppError } from '../../contract/errors.js';
import { averageDirection, zeroShotProbabilities } from '../search/zero-shot.js';
import { fromRow } from './album-record.js';
import type { AlbumsRuntime } from './albums-runtime.js';
import { dotRow } from './vector-math.js';

/**
 * A photo's zero-shot view over the albums: each album is one class whose direction is the
 * average of its prompts' vectors (CLIP's prompt ensemble), and the model's own scoring turns
 * the cosines into probabilities (CLIP: softmax of logit_scale x cosine, summing to 1 over the
 * albums; SigLIP: a sigmoid per album). Negative prompts are not classes and play no part.
 */
export async function zeroShot(rt: AlbumsRuntime, photoId: string): Promise<ZeroShotResult> {
  const serving = rt.serving();
  const vector = (await serving.photos.vectors([photoId])).get(photoId);
  if (!vector) throw new AppError('NOT_FOUND', `No photo with id ${photoId}.`);
  const albums = rt.tables.albums.list().map(fromRow);
  const directions = await Promise.all(
    albums.map(async (a) => averageDirection(await Promise.all(a.prompts.map((p) => serving.embed(p))))),
  );
  const cosines = directions.map((d) => dotRow(vector, 0, d));
  const probabilities = zeroShotProbabilities(cosines, serving.scoring);
  return {
    photoId,
    albums: albums
      .map((a, i) => ({ albumId: a.id, name: a.name, probability: probabilities[i] ?? 0, cosine: cosines[i] ?? 0 }))
      .sort((a, b) => b.probability - a.probability),
  };
}
