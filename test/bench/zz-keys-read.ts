import * as lancedb from '@lancedb/lancedb';
import { KeyColumns } from '../../src-main/core/catalog/key-columns.js';
const dir = '/work/wt/lazy-keys/.cache/bench/library-1m-v1/catalog';
const cols = process.argv[2]!.split(',');
const load = process.argv[3] === 'load';
const t0 = performance.now();
const db = await lancedb.connect(dir);
const names = await db.tableNames();
const name = names.find((n) => n.startsWith('photos__')) ?? 'photos';
const table = await db.openTable(name);
const t1 = performance.now();
const n = await table.countRows();
let rows = 0; let batches = 0; let tLoad = 0;
const kc = new KeyColumns(Math.ceil(n * 1.1));
for await (const b of table.query().select(cols)) { rows += b.numRows; batches++; if (load) { const s = performance.now(); kc.loadBatch(b as never); tLoad += performance.now() - s; } }
const t2 = performance.now();
console.log(name, cols.join(','), 'open', (t1 - t0).toFixed(0), 'read', (t2 - t1).toFixed(0), 'load part', tLoad.toFixed(0), rows, batches, 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0));
