import * as lancedb from '@lancedb/lancedb';
import { photosSchema } from '../src-main/core/catalog/schema.js';
const db = await lancedb.connect('/tmp/albexp/db');
const t = await db.createEmptyTable('p', photosSchema(4), { mode: 'overwrite' });
const row = (id: string, v: number[]) => ({ id, content_hash: id, full_hash: id, path: '/x/'+id, root: '/x', size: 1, mtime: 1, width: 1, height: 1, taken_at: null, taken_offset: null, camera: null, lat: null, lon: null, format: 'jpeg', model_id: 'm', indexed_at: 1, vector: v });
await t.add([row('a',[1,0,0,0]), row('b',[0,1,0,0]), row('c',[0,0,1,0])]);
await t.add([row('d',[0,0,0,1])]);
for await (const batch of t.query().select(['id','vector','model_id'])) {
  const ids = batch.getChild('id')!;
  const vec = batch.getChild('vector')!;
  console.log(batch.numRows, ids.toArray(), vec.data.length, vec.data[0].children[0].values, vec.data[0].offset, vec.data[0].children[0].offset);
}
