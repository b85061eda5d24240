import * as lancedb from '@lancedb/lancedb';
import { KeyColumns } from '../../src-main/core/catalog/key-columns.js';
const db = await lancedb.connect('.cache/bench/library-1m-v1/catalog');
const table = await db.openTable('photos');
const batches: unknown[] = [];
for await (const b of table.query().select(['id', 'content_hash', 'full_hash', 'path', 'root', 'size', 'mtime', 'width', 'height', 'taken_at', 'format', 'model_id'])) batches.push(b);
for (let r = 0; r < 4; r++) {
  const kc = new KeyColumns(1_100_000);
  const s = performance.now(); const c = process.cpuUsage();
  for (const b of batches) kc.loadBatch(b as never);
  const u = process.cpuUsage(c); console.log("load", (performance.now() - s).toFixed(0), "cpu", ((u.user + u.system) / 1000).toFixed(0), kc.count);
}
