import * as lancedb from '@lancedb/lancedb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { photosSchema } from '../src-main/core/catalog/schema.js';
const D = 512;
let s = 12345;
const rnd = () => { s = (s * 1103515245 + 12345) >>> 0; return s / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
const centres = Array.from({ length: 300 }, () => unit(Array.from({ length: D }, gauss)));
const vec = () => unit(centres[Math.floor(rnd() * centres.length)]!.map((x) => x + gauss() * 0.06));
const row = (i: number) => ({ id: `id${i}`, content_hash: `c${i}`, full_hash: '', path: `/p/img-${i}.jpg`, root: '/p', size: 1, mtime: i,
    width: 1, height: 1, taken_at: i, taken_offset: null, camera: null, lat: null, lon: null, format: 'jpeg', model_id: 'm', indexed_at: 0, vector: vec() });
const dir = await mkdtemp(path.join(tmpdir(), 'anncheck-'));
const db = await lancedb.connect(dir);
const mode = process.env.MODE ?? 'fresh';
const table = await db.createEmptyTable('photos', photosSchema(D));
const add = async (from: number, to: number) => { for (let i = from; i < to; i += 5000) await table.add(Array.from({ length: Math.min(5000, to - i) }, (_, j) => row(i + j))); };
const cfg = { config: lancedb.Index.hnswSq({ distanceType: 'cosine', numPartitions: Number(process.env.NP ?? 1) }), replace: true };
if (mode === 'grow') { await add(0, 5000); await table.createIndex('vector', cfg); await add(5000, 20000); await table.optimize(); }
else { await add(0, 20000); await table.optimize(); }
console.log('before build', JSON.stringify(await table.indexStats('vector_idx')));
const t = performance.now();
await table.createIndex('vector', cfg);
console.log('build', performance.now() - t, await table.listIndices(), await table.indexStats('vector_idx'));
const qs = Array.from({ length: 20 }, vec);
let hit = 0, cnt = 0;
for (const q of qs) {
  const truth = (await table.vectorSearch(q).distanceType('cosine').limit(20).bypassVectorIndex().toArray()).map((r) => r.id);
  const got = await table.vectorSearch(q).distanceType('cosine').limit(20).ef(100).toArray();
  cnt += got.length; const g = new Set(got.map((r) => r.id)); hit += truth.filter((id) => g.has(id)).length;
}
console.log(mode, 'recall', hit / 400, 'avg count', cnt / 20, 'k2000 count', (await table.vectorSearch(qs[0]!).distanceType('cosine').limit(2000).ef(2000).toArray()).length);
await rm(dir, { recursive: true, force: true });
