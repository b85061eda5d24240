import type { AlbumsApi, DuplicateReport, ZeroShotResult } from '../../contract/albums.js';
import type { ApiService } from '../../contract/api.js';
import { AppError } from '../../contract/errors.js';
import type { Engine } from '../pipeline/engine.js';
import type { PhotoSetResolver } from '../catalog/photo-sets.js';
import { averageDirection, zeroShotProbabilities } from '../search/zero-shot.js';
import type { ServingVectors } from './album-index.js';
import { fromRow } from './album-record.js';
import { albumCrudApi } from './album-crud-api.js';
import type { AlbumsRuntime } from './albums-runtime.js';
import { correctionsService } from './corrections-service.js';
import { normaliseTag } from './tag-name.js';
import { findDuplicates } from './duplicates/find-duplicates.js';
import { mirrorService } from './mirror/mirror-service.js';
import { dotRow } from './vector-scan.js';
import { WorkProgress } from './vector-work/work-progress.js';

/**
 * A photo's zero-shot view over the albums: each album is one class whose direction is the
 * average of its prompts' vectors (CLIP's prompt ensemble), and the model's own scoring turns
 * the cosines into probabilities (CLIP: softmax of logit_scale x cosine, summing to 1 over the
 * albums; SigLIP: a sigmoid per album). Negative prompts are not classes and play no part, nor are
 * own albums (no prompt).
 */
async function zeroShot(rt: AlbumsRuntime, photoId: string): Promise<ZeroShotResult> {
  const serving = rt.serving();
  const vector = (await serving.photos.vectors([photoId])).get(photoId);
  if (!vector) throw new AppError('NOT_FOUND', `No photo with id ${photoId}.`);
  // own (manual) albums have no prompt, so no direction: they are no class here
  const albums = rt.tables.albums.list().map(fromRow).filter((a) => a.prompts.length > 0);
  const directions = await Promise.all(
    albums.map(async (a) => averageDirection(await Promise.all(a.prompts.map((p) => serving.embed(p))))),
  );
  const cosines = directions.map((d) => dotRow(vector, 0, d));
  const probabilities = zeroShotProbabilities(cosines, serving.scoring);
  const members = await Promise.all(albums.map((a) => albumPhotoSets(rt).album(a.id)));
  const labelOf = (albumId: string): 1 | -1 | null => {
    const value = rt.tables.labels.labels('album', albumId).get(photoId);
    return value === undefined || value === 0 ? null : value > 0 ? 1 : -1;
  };
  return {
    photoId,
    albums: albums
      .map((a, i) => ({
        albumId: a.id,
        name: a.name,
        probability: probabilities[i] ?? 0,
        cosine: cosines[i] ?? 0,
        member: members[i]?.has(photoId) ?? false,
        label: labelOf(a.id),
      }))
      .sort((a, b) => b.probability - a.probability),
  };
}

/** Album members and tags as search filters and keyword matching see them. */
export function albumPhotoSets(rt: AlbumsRuntime): PhotoSetResolver {
  return {
    album: (albumId) =>
      rt.index.run(() => {
        rt.record(albumId);
        return rt.index.members(albumId);
      }),
    tag: (tag) => {
      const tagged = rt.tables.labels.labels('tag', normaliseTag(tag));
      return Promise.resolve(new Set([...tagged].filter(([, value]) => value > 0).map(([id]) => id)));
    },
    tagsOf: (photoId) => rt.tables.labels.tagsOf(photoId),
    marked: ({ favourite, minRating }) => rt.tables.marks.matching((m) => (favourite !== true || m.favourite) && m.rating >= (minRating ?? 0)),
  };
}

/** Exact and near duplicates in the vector work's thread, with progress; cancelWork({ job: 'duplicates' }) stops it. */
async function duplicates(rt: AlbumsRuntime, nearThreshold: number): Promise<DuplicateReport> {
  const serving = rt.serving();
  const controller = new AbortController();
  rt.running.duplicates.add(controller);
  const progress = new WorkProgress('duplicates', (p) => rt.deps.bus.emit('backgroundWork', p));
  try {
    const found = await progress.around(() =>
      findDuplicates(serving.photos, serving.modelId, nearThreshold, rt.work, { signal: controller.signal, onProgress: progress.report }),
    );
    // where the work ran is for tests of the worker, not part of the report
    return { nearThreshold: found.nearThreshold, photos: found.photos, groups: found.groups };
  } finally {
    rt.running.duplicates.delete(controller);
  }
}

/** The albums half of the PhotoApi: albums, corrections and tags, zero-shot, auto-sort, duplicates. */
export function albumsService(runtime: AlbumsRuntime): ApiService<keyof AlbumsApi> {
  return {
    ...albumCrudApi(runtime),
    ...correctionsService(runtime),
    ...mirrorService(runtime),
    zeroShot: ({ photoId }) => zeroShot(runtime, photoId),
    findDuplicates: ({ nearThreshold }) => duplicates(runtime, nearThreshold),
    cancelWork({ job }) {
      if (job === 'albums') return Promise.resolve({ cancelled: runtime.index.cancel() });
      const runs = [...runtime.running.duplicates];
      for (const run of runs) run.abort();
      return Promise.resolve({ cancelled: runs.length > 0 });
    },
  };
}

/** What the albums read from the engine that serves now. */
export function servingVectors(engine: Engine): ServingVectors {
  return {
    photos: engine.catalog.photos,
    modelId: engine.model.modelId,
    embed: (text) => engine.promptVector(text),
    scoring: engine.model.scoring,
  };
}
