import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const RENDERER_OUT = path.join(REPO_ROOT, 'out', 'renderer');

/** What the built renderer is made from: its own sources and the contract types it imports. */
const RENDERER_INPUTS = [path.join(REPO_ROOT, 'src-renderer'), path.join(REPO_ROOT, 'src-main', 'contract')];

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const { mtimeMs } = await stat(path.join(entry.parentPath, entry.name));
    newest = Math.max(newest, mtimeMs);
  }
  return newest;
}

async function isStale(): Promise<boolean> {
  const index = path.join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return true;
  const built = (await stat(index)).mtimeMs;
  const sources = await Promise.all(RENDERER_INPUTS.map(newestMtime));
  return sources.some((mtime) => mtime > built);
}

/**
 * Builds `out/renderer` with the project's own vite config when it is missing or older than its
 * sources, so the browser tests always drive the UI as it is now, and a fresh build costs one run.
 */
export async function ensureRendererBuilt(): Promise<string> {
  if (await isStale()) {
    await build({ configFile: path.join(REPO_ROOT, 'src-renderer', 'vite.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_OUT;
}
