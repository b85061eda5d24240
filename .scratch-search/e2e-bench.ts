import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openCatalog } from '../src-main/core/catalog/catalog.js';
import { KeywordIndex } from '../src-main/core/search/keyword-index.js';
import { combineParts } from '../src-main/core/search/query-vector.js';
import { rankPhotos } from '../src-main/core/search/ranker.js';
import { DEFAULT_CALIBRATION, RelevanceJudge } from '../src-main/core/search/relevance.js';
import { VectorIndex } from '../src-main/core/search/vector-index.js';
const D = 512;
const N = Number(process.env.N ?? 20000);
let s = 7;
const rnd = () => { s = (s + 0x6d2b79f5) >>> 0; let t = Math.imul(s ^ (s >>> 15), 1 | s); t ^= t + Math.imul(t ^ (t >>> 7), 61 | t); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n); };
const centres = Array.from({ length: 300 }, () => unit(Array.from({ length: D }, gauss)));
const vec = () => { const c = centres[Math.floor(rnd() * 300)]!; const a = 0.2 + rnd() * 0.8; return unit(c.map((x) => a * x + gauss() * 0.045)); };
const words = ['beach', 'holiday', 'spain', 'birthday', 'garden', 'snow', 'mountains', 'wedding', 'paris', 'family', 'cat', 'dog'];
const dir = await mkdtemp(path.join(tmpdir(), 'e2e-'));
let catalog = await openCatalog(dir, D);
for (let i = 0; i < N; i += 5000) {
  await catalog.photos.table.add(Array.from({ length: Math.min(5000, N - i) }, (_, j) => { const k = i + j; return { id: `id${k}`, content_hash: `c${k}`, full_hash: '', path: `/home/u/Pictures/${2000 + (k % 25)}/${words[k % 12]} ${words[(k * 7) % 12]}/IMG_${k}${k % 97 === 0 ? '-beach-2019' : ''}.jpg`, root: '/home/u/Pictures', size: 1, mtime: k, width: 1, height: 1, taken_at: k * 1000, taken_offset: null, camera: k % 3 ? 'Canon' : null, lat: null, lon: null, format: 'jpeg', model_id: 'm', indexed_at: 0, vector: vec() }; }));
}
await catalog.photos.table.optimize();
await catalog.close();
catalog = await openCatalog(dir, D);
const generic = Array.from({ length: 8 }, () => Float32Array.from(vec()));
const keywords = new KeywordIndex();
const run = async (label: string, text: string, filters = {}) => {
  const times: number[] = [];
  for (let r = 0; r < 9; r++) {
    const q = combineParts([{ kind: 'text', vector: Float32Array.from(vec()), weight: 1 }], 'x');
    const t = performance.now();
    const res = await rankPhotos({ photos: catalog.photos, keywords, sets: undefined }, { terms: [{ text, weight: 1 }], query: q, judge: new RelevanceJudge(q, generic, DEFAULT_CALIBRATION), filters, sort: 'relevance', excludeId: null });
    times.push(performance.now() - t);
    if (r === 0) console.log(label, 'hits', res.hits.length, 'first ms', times[0]!.toFixed(0));
  }
  times.sort((a, b) => a - b);
  console.log(label, 'median ms', times[4]!.toFixed(1));
};
await run(`N=${N} flat, text "sunset"`, 'sunset');
await run(`N=${N} flat, text "beach 2019"`, 'beach 2019');
await run(`N=${N} flat, folder+date filter`, 'sunset', { folder: '/home/u/Pictures/2003', from: '1970-01-01' });
const index = new VectorIndex(catalog.photos, { minRows: 1 });
const t = performance.now(); index.maybeBuild(); await index.idle(); console.log('index build s', ((performance.now() - t) / 1000).toFixed(1));
await run(`N=${N} ann, text "sunset"`, 'sunset');
await run(`N=${N} ann, text "beach 2019"`, 'beach 2019');
await catalog.close();
await rm(dir, { recursive: true, force: true });
