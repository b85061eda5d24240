import * as lancedb from '@lancedb/lancedb';
import { rm } from 'node:fs/promises';
import { photosSchema } from '../src-main/core/catalog/schema.js';
import { PhotoStore } from '../src-main/core/catalog/photo-store.js';
import { scanVectors } from '../src-main/core/albums/vector-scan.js';
import { promptScore } from '../src-main/core/albums/prompt-scorer.js';
import { fitProbe } from '../src-main/core/albums/probe.js';
import { findDuplicates } from '../src-main/core/albums/duplicates/find-duplicates.js';

const D = 512;
let state = 42;
const gaussian = (): number => {
  state = (state * 1103515245 + 12345) >>> 0; const u = (state + 1) / 4294967297;
  state = (state * 1103515245 + 12345) >>> 0; return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * state) / 4294967296);
};
const unit = (v: Float32Array) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
const common = Float32Array.from({ length: D }, gaussian);
const clusters = Array.from({ length: 50 }, () => Float32Array.from({ length: D }, gaussian));
function vector(i: number): Float32Array {
  const c = clusters[i % 50]!;
  return unit(Float32Array.from({ length: D }, (_, j) => 1.0 * common[j]! + 0.8 * c[j]! + 1.0 * gaussian()));
}
const row = (id: string, v: Float32Array) => ({ id, content_hash: id, full_hash: id, path: '/x/' + id, root: '/x', size: 1, mtime: 1, width: 1, height: 1, taken_at: null, taken_offset: null, camera: null, lat: null, lon: null, format: 'jpeg', model_id: 'm', indexed_at: 1, vector: Array.from(v) });

async function build(dir: string, n: number, planted: number) {
  await rm(dir, { recursive: true, force: true });
  const db = await lancedb.connect(dir);
  const t = await db.createEmptyTable('photos', photosSchema(D));
  const all: Float32Array[] = [];
  for (let start = 0; start < n; start += 2000) {
    const rows = [];
    for (let i = start; i < Math.min(n, start + 2000); i++) {
      const v = i >= n - planted ? unit(all[(i - (n - planted)) * 13]!.map((x) => x + 0.006 * gaussian())) : vector(i);
      all.push(v); rows.push(row(`p${i}`, v));
    }
    await t.add(rows);
  }
  await t.optimize();
  return { store: await PhotoStore.open(t, D), table: t, all };
}

const time = async <T>(label: string, f: () => Promise<T> | T): Promise<T> => { const t0 = performance.now(); const r = await f(); console.log(label, (performance.now() - t0).toFixed(1), 'ms'); return r; };

const N = Number(process.argv[2] ?? 20000);
const { store, table, all } = await build('/tmp/albexp/m1', N, 0);
const prompts = { prompts: [unit(Float32Array.from({ length: D }, gaussian)), vector(3)], negatives: [vector(7)] };
for (let k = 0; k < 3; k++) await time(`JS scan+score ${N}x${D} (2 prompts, 1 negative)`, async () => { let c = 0; await scanVectors(store, 'm', (b) => { for (let r = 0; r < b.ids.length; r++) if (promptScore(prompts, b.values, r) > 0.3) c++; }); return c; });
for (let k = 0; k < 3; k++) await time(`JS scan only ${N}`, async () => { let c = 0; await scanVectors(store, 'm', (b) => { c += b.ids.length; }); return c; });
const q = Array.from(prompts.prompts[1]!);
for (let k = 0; k < 3; k++) await time(`LanceDB vectorSearch distanceRange, 1 prompt, all ${N}`, async () => (await table.vectorSearch(q).distanceType('cosine').distanceRange(0, 0.7).limit(N).select(['id']).toArray()).length);
const batch = { ids: all.map((_, i) => `p${i}`), values: new Float32Array(all.length * D), dim: D };
all.forEach((v, i) => batch.values.set(v, i * D));
const mean = new Float32Array(D); all.forEach((v) => v.forEach((x, j) => (mean[j] += x / all.length)));
const scale = Math.sqrt(1 - mean.reduce((s, x) => s + x * x, 0));
for (const n of [6, 30, 200]) await time(`fitProbe n=${n} D=${D}`, () => fitProbe(batch, Array.from({ length: n }, (_, i) => ({ row: i * 3, z: gaussian(), positive: i % 2 === 0 })), { mean, scale }));

for (const n of [3000, 10000]) {
  const planted = 60;
  const d = await build(`/tmp/albexp/d${n}`, n, planted);
  const report = await time(`findDuplicates (LSH) n=${n}`, () => findDuplicates(d.store, 'm', 0.95));
  const found = new Set(report.groups.flatMap((g) => g.photos.map((p) => p.id)));
  const brute = await time(`brute force all pairs JS n=${n}`, () => { let c = 0; const hits = new Set<string>(); for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) { let s = 0; const a = d.all[i]!, b = d.all[j]!; for (let k = 0; k < D; k++) s += a[k]! * b[k]!; if (s >= 0.95) { c++; hits.add(`p${i}`); hits.add(`p${j}`); } } return hits; });
  console.log(`  brute-force near-dup photos ${brute.size}, LSH found ${[...brute].filter((id) => found.has(id)).length}; groups ${report.groups.length}`);
  let cos = 0; for (let k = 0; k < 200; k++) { const a = d.all[k]!, b = d.all[k + 1]!; let s = 0; for (let j = 0; j < D; j++) s += a[j]! * b[j]!; cos += s / 200; }
  console.log('  mean cos of neighbours', cos.toFixed(3));
}
