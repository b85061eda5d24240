import * as lancedb from '@lancedb/lancedb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { photosSchema } from '../src-main/core/catalog/schema.js';
const dir = await mkdtemp(path.join(tmpdir(), 'sql-'));
const db = await lancedb.connect(dir);
const t = await db.createEmptyTable('photos', photosSchema(4));
const r = (id: string, p: string, camera: string | null, lat: number | null) => ({ id, content_hash: id, full_hash: '', path: p, root: '/r', size: 1, mtime: 1, width: 1, height: 1, taken_at: 5, taken_offset: null, camera, lat, lon: lat, format: 'jpeg', model_id: 'm', indexed_at: 0, vector: [1, 0, 0, 0] });
await t.add([r('a', '/r/100%_sure/x.jpg', 'Canon EOS 5D', 1), r('b', '/r/100X_sure/y.jpg', 'NIKON D3', null), r('c', "/r/o'neil/z.jpg", null, null), r('d', '/r/sub\\dir/z.jpg', 'Apple iPhone', 2)]);
for (const w of ["starts_with(path, '/r/100%_sure/')", "path LIKE '/r/100\\%\\_sure/%'", "path LIKE '/r/100%_sure/%'", "lower(camera) LIKE '%canon%'", "lower(camera) LIKE '%nikon d%'", "lat IS NOT NULL", "starts_with(path, '/r/o''neil/')", "starts_with(path, '/r/sub\\dir/')", "camera IS NULL", "id IN ('a','c')", "taken_at >= 4 AND taken_at < 6"]) {
  try { console.log(w, '=>', (await t.query().where(w).select(['id']).toArray()).map((x) => x.id).join(','), '| vec:', (await t.vectorSearch([1, 0, 0, 0]).distanceType('cosine').where(w).select(['id']).limit(10).toArray()).map((x) => x.id).join(',')); } catch (e) { console.log(w, 'ERR', String(e).slice(0, 200)); }
}
await rm(dir, { recursive: true, force: true });
