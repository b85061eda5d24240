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
const vec = () => unit(centres[Math.floor(rnd() * centres.length)]!.map((x) => x + gauss() * Number(process.env.NOISE ?? 0.06)));
const row = (i: number) => ({ id: `id${i}`, content_hash: `c${i}`, full_hash: '', path: `/p/img-${i}.jpg`, root: '/p', size: 1, mtime: i,
    width: 1, height: 1, taken_at: i, taken_offset: null, camera: null, lat: null, lon: null, format: 'jpeg', model_id: 'm', indexed_at: 0, vector: vec() });
const dir = await mkdtemp(path.join(tmpdir(), 'anngrow-'));
const db = await lancedb.connect(dir);
const table = await db.createEmptyTable('photos', photosSchema(D));
const add = async (from: number, to: number) => { for (let i = from; i < to; i += 5000) await table.add(Array.from({ length: Math.min(5000, to - i) }, (_, j) => row(i + j))); };
const cfg = (name?: string) => ({ config: lancedb.Index.hnswSq({ distanceType: 'cosine', numPartitions: 1 }), replace: true, ...(name ? { name } : {}) });
const step = async (name: string, fn: () => Promise<unknown>) => { try { await fn(); console.log('ok', name, JSON.stringify((await table.listIndices()).map((i) => i.name))); } catch (e) { console.log('FAIL', name, String(e)); } };
await add(0, 5000);
await step('create', () => table.createIndex('vector', cfg()));
await add(5000, 20000);
const scenario = process.env.SC ?? 'replace';
if (scenario === 'replace') await step('replace no optimize', () => table.createIndex('vector', cfg()));
if (scenario === 'optreplace') { await step('optimize', () => table.optimize()); await step('replace', () => table.createIndex('vector', cfg())); }
if (scenario === 'newname') { await step('optimize', () => table.optimize()); await step('new name', () => table.createIndex('vector', cfg('vector_idx_b'))); await step('q', () => table.vectorSearch(vec()).distanceType('cosine').limit(10).toArray()); await step('drop old', () => table.dropIndex('vector_idx')); }
if (scenario === 'drop') { await step('optimize', () => table.optimize()); await step('drop', () => table.dropIndex('vector_idx')); await step('create', () => table.createIndex('vector', cfg())); }
await step('query', () => table.vectorSearch(vec()).distanceType('cosine').limit(10).toArray());
await rm(dir, { recursive: true, force: true });
