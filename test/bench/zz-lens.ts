import * as lancedb from '@lancedb/lancedb';
const db = await lancedb.connect('.cache/bench/library-1m-v1/catalog');
const t = await db.openTable('photos');
const rows = await t.query().select(['id','content_hash','full_hash','path','root','format','model_id','taken_at']).limit(3).toArray();
console.log(rows);
console.log(await t.version(), (await t.listIndices()));
