import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * [Note: building the UI on demand]
 * `npm start` in browser mode, `npm run serve` and the e2e tests serve `out/renderer`. A fresh clone has
 * none, and one built before a `git pull` is out of date, so each of them builds it (about 2 s) when it
 * is missing or older than its sources, with the project's own vite config. Only runs from a checkout:
 * vite is a devDependency and is imported when a build is needed, never by the packaged app.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
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

/** Why the built UI needs a (re)build, or null when it is up to date. */
export async function rendererBuildReason(): Promise<'missing' | 'stale' | null> {
  const index = path.join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return 'missing';
  const built = (await stat(index)).mtimeMs;
  const sources = await Promise.all(RENDERER_INPUTS.map(newestMtime));
  return sources.some((mtime) => mtime > built) ? 'stale' : null;
}

/** Builds `out/renderer` when `rendererBuildReason()` says so; see [Note: building the UI on demand]. */
export async function ensureRendererBuilt(onBuild?: (reason: 'missing' | 'stale') => void): Promise<string> {
  const reason = await rendererBuildReason();
  if (reason !== null) {
    onBuild?.(reason);
    const { build } = await import('vite');
    await build({ configFile: path.join(REPO_ROOT, 'src-renderer', 'vite.config.ts'), logLevel: 'warn' });
  }
  return RENDERER_OUT;
}
