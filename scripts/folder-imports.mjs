#!/usr/bin/env node
// Folder-to-folder imports inside src-main/core, and any folder-level cycle among them.
// Every relative import (type-only ones too: a type is a dependency of the design) is resolved to the
// top-level folder of core/ it lands in; files directly in core/ count as one more folder, "core".
// Prints one line per edge ("from -> to  count") and exits 1 when the folder graph has a cycle.
// Usage: node scripts/folder-imports.mjs [--json | --quiet]   (--quiet: only cycles; `npm run lint` runs it so)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const core = join(root, 'src-main', 'core');

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (/\.ts$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The folder of core/ a path belongs to: its first segment under core/, or "core" for files directly in it. */
export function folderOf(file) {
  const rel = relative(core, file);
  if (rel.startsWith('..')) return null;
  const parts = rel.split(sep);
  return parts.length === 1 ? 'core' : parts[0];
}

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function edges() {
  const counts = new Map();
  for (const file of walk(core)) {
    const from = folderOf(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) continue;
      const to = folderOf(resolve(dirname(file), spec));
      if (to === null || to === from) continue;
      const key = `${from} -> ${to}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

/** Strongly connected components of more than one folder (Tarjan): each is a folder-level cycle. */
export function cycles(counts) {
  const graph = new Map();
  for (const key of counts.keys()) {
    const [a, b] = key.split(' -> ');
    if (!graph.has(a)) graph.set(a, []);
    if (!graph.has(b)) graph.set(b, []);
    graph.get(a).push(b);
  }
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const counts = edges();
  const found = cycles(counts);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ edges: Object.fromEntries([...counts].sort()), cycles: found }, null, 2));
  } else if (process.argv.includes('--quiet')) {
    for (const c of found) console.error(`folder-level import cycle in src-main/core: ${c.join(' <-> ')}`);
  } else {
    for (const [key, n] of [...counts].sort()) console.log(`${key.padEnd(24)} ${n}`);
    console.log(`${counts.size} folder-to-folder edges, ${[...counts.values()].reduce((a, b) => a + b, 0)} imports`);
    for (const c of found) console.log(`CYCLE: ${c.join(' <-> ')}`);
    if (found.length === 0) console.log('no folder-level cycle');
  }
  process.exitCode = found.length > 0 ? 1 : 0;
}
