import * as lancedb from '@lancedb/lancedb';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { photosSchema } from '../src-main/core/catalog/schema.js';

const D = Number(process.env.D ?? 512);
const sizes = (process.env.SIZES ?? '5000,20000,50000,100000').split(',').map(Number);
let s = 12345;
const rnd = () => { s = (s + 0x6d2b79f5) >>> 0; let t = Math.imul(s ^ (s >>> 15), 1 | s); t ^= t + Math.imul(t ^ (t >>> 7), 61 | t); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
const centres = Array.from({ length: 300 }, () => unit(Array.from({ length: D }, gauss)));
function vec(): number[] {
  const c = centres[Math.floor(rnd() * centres.length)]!;
  const a = 0.2 + rnd() * 0.8;
  return unit(c.map((x) => a * x + gauss() * 0.045));
}
function row(i: number) {
  return { id: `id${i}`, content_hash: `c${i}`, full_hash: '', path: `/p/folder${i % 50}/img-${i}.jpg`, root: '/p', size: 1, mtime: i,
    width: 1, height: 1, taken_at: i * 1000, taken_offset: null, camera: i % 3 ? 'Canon' : null, lat: null, lon: null,
    format: 'jpeg', model_id: 'm', indexed_at: 0, vector: vec() };
}
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => Promise<unknown>, n = 15) {
  const out: number[] = [];
  for (let i = 0; i < n; i++) { const t = performance.now(); await fn(); out.push(performance.now() - t); }
  return median(out);
}
const dir = await mkdtemp(path.join(tmpdir(), 'annbench-'));
const db = await lancedb.connect(dir);
const table = await db.createEmptyTable('photos', photosSchema(D));
let n = 0;
const queries = Array.from({ length: 20 }, () => vec());
for (const size of sizes) {
  while (n < size) { const chunk = Math.min(10000, size - n); await table.add(Array.from({ length: chunk }, (_, i) => row(n + i))); n += chunk; }
  await table.optimize();
  const q = (v: number[], k: number) => table.vectorSearch(v).distanceType('cosine').select(['id', '_distance']).limit(k);
  const truth = await Promise.all(queries.map(async (v) => (await q(v, 20).bypassVectorIndex().toArray()).map((r) => r.id as string)));
  const flat50 = await time(() => q(queries[0]!, 50).bypassVectorIndex().toArray());
  const flat2000 = await time(() => q(queries[1]!, 2000).bypassVectorIndex().toArray(), 7);
  const flatWhere = await time(() => q(queries[2]!, 50).where("camera = 'Canon' AND taken_at > 1000").bypassVectorIndex().toArray());
  const t0 = performance.now();
  await table.createIndex('vector', { config: lancedb.Index.hnswSq({ distanceType: 'cosine', ...(process.env.NP ? { numPartitions: Number(process.env.NP) } : {}) }), replace: true });
  const build = performance.now() - t0;
  const res: Record<string, unknown> = { size, flat50, flat2000, flatWhere, build };
  for (const [ef, rf] of [[64, 0], [100, 0], [200, 0], [100, 4]] as const) {
    let hit = 0;
    for (let i = 0; i < queries.length; i++) {
      let qq = q(queries[i]!, 20).ef(ef); if (rf) qq = qq.refineFactor(rf);
      const got = new Set((await qq.toArray()).map((r) => r.id as string));
      hit += truth[i]!.filter((id) => got.has(id)).length;
    }
    res[`recall20_ef${ef}_rf${rf}`] = hit / (20 * queries.length);
    res[`ann50_ef${ef}_rf${rf}`] = await time(() => { let qq = q(queries[3]!, 50).ef(Math.max(ef, 50 * (rf || 1))); if (rf) qq = qq.refineFactor(rf); return qq.toArray(); });
  }
  res.ann2000_count = (await q(queries[4]!, 2000).ef(2000).toArray()).length;
  res.ann2000_ef2000 = await time(() => q(queries[4]!, 2000).ef(2000).toArray(), 7);
  res.ann50where = await time(() => q(queries[2]!, 50).ef(100).where("camera = 'Canon' AND taken_at > 1000").toArray());
  // unindexed tail: add 2% new rows and query
  await table.add(Array.from({ length: Math.ceil(size * 0.02) }, (_, i) => row(n + i))); n += Math.ceil(size * 0.02);
  res.ann50_withTail = await time(() => q(queries[3]!, 50).ef(100).toArray());
  await table.dropIndex('vector_idx');
  console.log(JSON.stringify(res, (_k, v) => (typeof v === 'number' ? Math.round(v * 1000) / 1000 : v)));
}
await rm(dir, { recursive: true, force: true });
