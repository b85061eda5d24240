import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { ImageQuery, SearchImageEcho } from '../../contract/search.js';
import type { Engine } from '../pipeline/engine.js';
import { preprocessImage } from '../imaging/index.js';

/**
 * The image of a query: how the response names it, a key for the result cache (cheap: a later
 * page does not embed the image again), and how to get its vector.
 */
export interface ImageRef {
  echo: SearchImageEcho;
  key: string;
  /** a library photo is not its own best match: "more like this" leaves it out */
  excludeId: string | null;
  vector(engine: Engine): Promise<Float32Array>;
}

/**
 * A library photo's stored vector, or the embedding of a file from outside the library. The
 * outside file is decoded and embedded in memory only: nothing is written to the catalogue,
 * no thumbnail is made, and the library never learns its path.
 */
export async function imageRef(image: ImageQuery): Promise<ImageRef> {
  if ('photoId' in image) {
    const id = image.photoId;
    return {
      echo: { kind: 'photo', photoId: id },
      key: `photo:${id}`,
      excludeId: id,
      vector: (engine) => storedVector(engine, id),
    };
  }
  if ('path' in image) {
    const file = path.resolve(image.path);
    const stamp = await stat(file).then(
      (s) => `${s.size}:${s.mtimeMs}`,
      () => 'missing',
    );
    return {
      echo: { kind: 'file', name: path.basename(file) },
      key: `file:${file}:${stamp}`,
      excludeId: null,
      vector: async (engine) => embedOutside(engine, await preprocessImage(file, engine.model.preprocess)),
    };
  }
  const bytes = Buffer.from(image.bytesBase64, 'base64');
  const name = image.name ?? 'the dropped image';
  return {
    echo: { kind: 'file', name },
    key: `bytes:${createHash('sha256').update(bytes).digest('hex')}`,
    excludeId: null,
    vector: async (engine) =>
      embedOutside(engine, await preprocessImage(bytes, engine.model.preprocess, { fileName: name })),
  };
}

async function storedVector(engine: Engine, id: string): Promise<Float32Array> {
  const vector = (await engine.catalog.photos.vectors([id])).get(id);
  if (!vector) throw new AppError('NOT_FOUND', `No photo with id ${id} in this library.`, { id });
  return vector;
}

async function embedOutside(engine: Engine, tensor: Float32Array): Promise<Float32Array> {
  const [vector] = await engine.model.embedImages(tensor, 1);
  if (!vector) throw new AppError('INTERNAL', 'The image model returned no vector for the query image.');
  return vector;
}
