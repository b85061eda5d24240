import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * [Note: index build in a child]
 * Building the HNSW index of 100k photos takes 40-80 s on two cores, and while LanceDB builds
 * in a process, a search issued in that process can wait for the whole build (measured: one
 * search of 59 waited 39 s, also through a second connection). Built by a child process on the
 * same folder, the build commits atomically beside the old index and every search keeps answering
 * in milliseconds. Where the child's entry file is not on disk (a bundled build of the core), the
 * caller builds in process instead: slower searches meanwhile, same index.
 * The first query after the switch reads the new index (1-3 s at 1M rows), and every LanceDB query
 * of this process waits for that read, from any handle or connection, whatever TOKIO_WORKER_THREADS
 * says (measured on the bench's 1M library: a search on the old version waited the whole read).
 * Reading it ahead on a second handle of the same connection (whose cache the serving handle shares)
 * therefore only moved the wait: one search of 39,569 waited 3.1 s instead of 1.8 s. Not kept.
 *
 * Resolves true when the child built the index, false when no child could be used.
 */
export async function buildInChildProcess(catalogDir: string, table: string, rows: number): Promise<boolean> {
  const here = fileURLToPath(import.meta.url);
  const extension = path.extname(here);
  const entry = path.join(path.dirname(here), `index-build-child${extension}`);
  if (!existsSync(entry)) return false;
  // Run from TypeScript sources (tests, `npm run serve`), the child needs the same loader.
  const execArgv = extension === '.ts' ? ['--import', 'tsx'] : [];
  const child = fork(entry, [catalogDir, table, String(rows)], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, LANCEDB_LOG: process.env['LANCEDB_LOG'] ?? 'error' },
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`the index build process exited with code ${String(code)}`);
  return true;
}
