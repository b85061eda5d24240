import * as lancedb from '@lancedb/lancedb';
const db = await lancedb.connect('.cache/bench/library-1m-v1/catalog');
const table = await db.openTable('photos');
for await (const b of table.query().select(['id', 'path', 'root', 'taken_at', 'size']).limit(2000)) {
  for (const n of ['id', 'path', 'root', 'taken_at', 'size']) { const d = (b as any).getChild(n).data[0]; console.log(n, String(d.type), d.values?.constructor.name, d.valueOffsets?.constructor.name, d.length, (b as any).getChild(n).data.length); }
  console.log(b.numRows); break;
}
