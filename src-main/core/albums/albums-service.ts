import type { AlbumsApi } from '../../contract/albums.js';
import type { ApiService } from '../../contract/api.js';
import type { Engine } from '../engine.js';
import { albumCrud } from './album-service.js';
import { zeroShot } from './album-zero-shot.js';
import type { ServingVectors } from './album-index.js';
import type { AlbumsRuntime } from './albums-runtime.js';
import { correctionsService } from './corrections-service.js';
import { findDuplicates } from './duplicates/find-duplicates.js';
import { mirrorService } from './mirror/mirror-service.js';

/** The albums half of the PhotoApi: albums, corrections and tags, zero-shot, auto-sort, duplicates. */
export function albumsService(runtime: AlbumsRuntime): ApiService<keyof AlbumsApi> {
  return {
    ...albumCrud(runtime),
    ...correctionsService(runtime),
    ...mirrorService(runtime),
    zeroShot: ({ photoId }) => zeroShot(runtime, photoId),
    findDuplicates: ({ nearThreshold }) => findDuplicates(runtime.photos, runtime.serving().modelId, nearThreshold),
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
