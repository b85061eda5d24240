import * as lancedb from '@lancedb/lancedb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeywordIndex, queryKeywords } from '../src-main/core/search/keyword-index.js';
const N = 100_000;
const words = ['beach', 'holiday', 'spain', 'birthday', 'garden', 'snow', 'mountains', 'wedding', 'paris', 'family', 'cat', 'dog'];
const keys = Array.from({ length: N }, (_, i) => ({ id: `id${i}`, root: '/home/u/Pictures', path: `/home/u/Pictures/${2000 + (i % 25)}/${words[i % 12]} ${words[(i * 7) % 12]}/IMG_${i}${i % 97 === 0 ? '-beach-2019' : ''}.jpg` }));
const tags = new Map<string, string[]>(); for (let i = 0; i < N; i += 50) tags.set(`id${i}`, ['Sunset trip']);
const idx = new KeywordIndex();
let t = performance.now(); idx.sync(keys); console.log('first sync ms', (performance.now() - t).toFixed(1));
const times: number[] = [];
for (let r = 0; r < 9; r++) { t = performance.now(); idx.sync(keys); const m = idx.match(queryKeywords([{ text: 'beach 2019', weight: 1 }, { text: 'snow', weight: -0.5 }]), (id) => tags.get(id) ?? []); times.push(performance.now() - t); if (r === 0) console.log('matches', m.size); }
times.sort((a, b) => a - b); console.log('sync+match median ms', times[4]!.toFixed(1));
// LanceDB FTS on a keywords column
const dir = await mkdtemp(path.join(tmpdir(), 'fts-'));
const db = await lancedb.connect(dir);
const table = await db.createTable('k', keys.map((k) => ({ id: k.id, keywords: k.path.replace(/[/_.-]/g, ' ').toLowerCase() })));
t = performance.now(); await table.createIndex('keywords', { config: lancedb.Index.fts({ withPosition: false }) }); console.log('fts build ms', (performance.now() - t).toFixed(0));
const ft: number[] = [];
for (let r = 0; r < 9; r++) { t = performance.now(); const rows = await table.search('beach 2019', 'fts').select(['id']).limit(5000).toArray(); ft.push(performance.now() - t); if (r === 0) console.log('fts rows', rows.length); }
ft.sort((a, b) => a - b); console.log('fts query median ms', ft[4]!.toFixed(1));
await table.add([{ id: 'new', keywords: 'beach 2019 new' }]);
t = performance.now(); const after = await table.search('beach', 'fts').select(['id']).where("id = 'new'").limit(10).toArray(); console.log('fts sees unindexed row:', after.length, (performance.now() - t).toFixed(1));
await rm(dir, { recursive: true, force: true });
