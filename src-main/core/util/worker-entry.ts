import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** tsx's ESM register API, resolved from here rather than from the process's working folder (a CLI run elsewhere). */
function tsxApi(): string {
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = pkg.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
  return path.join(path.dirname(manifest), api);
}

/**
 * A worker thread's entry named `name`, beside the module at `moduleUrl` (its `import.meta.url`): run from
 * TypeScript sources (tests, `npm run serve`) the worker first registers tsx; in a bundled build the entry is
 * a file of its own beside the bundle (electron.vite.config.ts lists it), and where it is not on disk, null:
 * the caller does the work in process.
 */
export function workerEntry(moduleUrl: string, name: string): { code: string | URL; eval: boolean } | null {
  const here = fileURLToPath(moduleUrl);
  const extension = path.extname(here);
  const entry = path.join(path.dirname(here), `${name}${extension}`);
  if (!existsSync(entry)) return null;
  if (extension !== '.ts') return { code: pathToFileURL(entry), eval: false };
  const url = JSON.stringify(pathToFileURL(entry).href);
  const tsx = JSON.stringify(pathToFileURL(tsxApi()).href);
  return { code: `import(${tsx}).then((api) => { api.register(); return import(${url}); })`, eval: true };
}
