import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCatalog } from '../src-main/core/catalog/catalog.js';
import { PHOTO_COLUMNS } from '../src-main/core/catalog/schema.js';
import { nearestPhotos, vectorQuery } from '../src-main/core/search/vector-search.js';
const D = 512, N = Number(process.env.N ?? 20000);
const vec = () => { const v = Array.from({ length: D }, () => Math.random() - 0.5); const n = Math.hypot(...v); return v.map((x) => x / n); };
const dir = await mkdtemp(path.join(tmpdir(), 'prof-'));
let catalog = await openCatalog(dir, D);
for (let i = 0; i < N; i += 5000) await catalog.photos.table.add(Array.from({ length: Math.min(5000, N - i) }, (_, j) => { const k = i + j; return { id: `id${k}`, content_hash: `c${k}`, full_hash: '', path: `/p/${k}.jpg`, root: '/p', size: 1, mtime: k, width: 1, height: 1, taken_at: k, taken_offset: null, camera: null, lat: null, lon: null, format: 'jpeg', model_id: 'm', indexed_at: 0, vector: vec() }; }));
await catalog.photos.table.optimize();
await catalog.close();
catalog = await openCatalog(dir, D);
const q = Float32Array.from(vec());
const med = async (label: string, fn: () => Promise<unknown>) => { const ts: number[] = []; for (let r = 0; r < 7; r++) { const t = performance.now(); await fn(); ts.push(performance.now() - t); } ts.sort((a, b) => a - b); console.log(label.padEnd(40), ts[3]!.toFixed(1)); };
for (const k of [200, 2000]) {
  await med(`k=${k} id+_distance`, () => vectorQuery(catalog.photos, q, k, null).select(['id', '_distance']).toArrow());
  await med(`k=${k} id+vector`, () => vectorQuery(catalog.photos, q, k, null).select(['id', 'vector', '_distance']).toArrow());
  await med(`k=${k} all cols no vector`, () => vectorQuery(catalog.photos, q, k, null).select([...PHOTO_COLUMNS, '_distance']).toArrow());
  await med(`k=${k} all+vector arrow`, () => vectorQuery(catalog.photos, q, k, null).select([...PHOTO_COLUMNS, 'vector', '_distance']).toArrow());
  await med(`k=${k} nearestPhotos`, () => nearestPhotos(catalog.photos, q, k, null));
}
await catalog.close();
await rm(dir, { recursive: true, force: true });
