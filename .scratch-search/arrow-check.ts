import * as lancedb from '@lancedb/lancedb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { photosSchema } from '../src-main/core/catalog/schema.js';
const dir = await mkdtemp(path.join(tmpdir(), 'arr-'));
const db = await lancedb.connect(dir);
const t = await db.createEmptyTable('photos', photosSchema(4));
const r = (id: string, v: number[]) => ({ id, content_hash: id, full_hash: '', path: '/r/' + id, root: '/r', size: 1, mtime: 1, width: 1, height: 1, taken_at: null, taken_offset: null, camera: null, lat: null, lon: null, format: 'jpeg', model_id: 'm', indexed_at: 0, vector: v });
await t.add([r('a', [1, 0, 0, 0]), r('b', [0, 1, 0, 0])]);
await t.add([r('c', [0, 0, 1, 0])]);
const q = t.vectorSearch([1, 0.5, 0.2, 0]).distanceType('cosine').ef(100).refineFactor(1).select(['id', 'taken_at', 'vector', '_distance']).limit(10);
const at = await q.toArrow();
console.log(at.numRows, at.batches.length);
for (const batch of at.batches) {
  const vec = batch.getChild('vector')!;
  const data = vec.data[0]!;
  console.log(batch.numRows, data.offset, data.type.listSize, data.children[0]!.values, data.children[0]!.offset, batch.getChild('id')!.toArray(), batch.getChild('taken_at')!.get(0), batch.getChild('_distance')!.toArray());
}
await rm(dir, { recursive: true, force: true });
