import { LshIndex, lshParams } from '../src-main/core/albums/duplicates/lsh-blocking.js';
const D = 512; let state = 42;
const gaussian = (): number => { state = (state * 1103515245 + 12345) >>> 0; const u = (state + 1) / 4294967297; state = (state * 1103515245 + 12345) >>> 0; return Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * state) / 4294967296); };
const n = Number(process.argv[2] ?? 10000);
const common = Float32Array.from({ length: D }, gaussian);
const clusters = Array.from({ length: 50 }, () => Float32Array.from({ length: D }, gaussian));
const values = new Float32Array(n * D);
for (let i = 0; i < n; i++) { let norm = 0; for (let j = 0; j < D; j++) { const x = common[j]! + 0.8 * clusters[i % 50]![j]! + gaussian(); values[i * D + j] = x; norm += x * x; } for (let j = 0; j < D; j++) values[i * D + j]! /= Math.sqrt(norm); }
const mean = new Float32Array(D); for (let i = 0; i < values.length; i++) mean[i % D] += values[i]! / n;
const m = mean.reduce((s, x) => s + x * x, 0);
const params = lshParams(n, (0.95 - m) / (1 - m));
console.log('m', m.toFixed(3), params);
let t0 = performance.now();
const index = new LshIndex(params, D, mean);
index.add({ ids: Array.from({ length: n }, (_, i) => `p${i}`), values, dim: D });
console.log('project+bucket', (performance.now() - t0).toFixed(0), 'ms');
let pairs = 0, sizes: number[] = [];
for (const b of index.crowded()) { pairs += b.length * (b.length - 1) / 2; sizes.push(b.length); }
sizes.sort((a, b) => b - a);
console.log('pairs to compare', pairs, 'of', n * (n - 1) / 2, 'largest buckets', sizes.slice(0, 5));
t0 = performance.now(); let s = 0; for (let p = 0; p < pairs; p++) { const a = (p * 7919) % n, b = (p * 104729) % n; for (let j = 0; j < D; j++) s += values[a * D + j]! * values[b * D + j]!; }
console.log('dot products for those pairs', (performance.now() - t0).toFixed(0), 'ms', s > 0);
