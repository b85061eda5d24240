import { createCore } from '../../src-main/core/create-core.js';
import { progress, reportToParent, runMain, secondsSince } from './bench-env.js';

/**
 * An import as the person runs one, in a process of its own: a fresh library, `startImport` of the
 * photo folder into DEST (plan by content, copy through the file action log to a temp name, fsync,
 * SHA-256 of source and copy, link into place).
 *
 * argv: copy SOURCE DEST LIBRARY              (no model: the copy-and-verify figure)
 *       searchable SOURCE DEST LIBRARY MODEL WARMUP  (the warm-up folder is imported first, so the
 *       model's one-off load is not counted; then the clock runs from the import's start until the
 *       photos are indexed and a search finds them)
 */

export interface ImportChildResult {
  files: number;
  bytes: number;
  seconds: number;
  /** CPU time of all the process's threads during the import (user + system): less at the mercy of a busy machine than `seconds` */
  cpuSeconds: number;
  /** photos the library holds afterwards (the searchable run) */
  indexed: number;
  /** hits a text search returned at the end (the searchable run) */
  found: number;
}

async function main(): Promise<void> {
  const [mode, source, dest, libraryDir, modelDir, warmup] = process.argv.slice(2);
  if ((mode !== 'copy' && mode !== 'searchable') || source === undefined || dest === undefined || libraryDir === undefined) {
    throw new Error('usage: import-child.ts copy|searchable SOURCE DEST LIBRARY [MODEL WARMUP]');
  }
  const core = await createCore(mode === 'searchable' && modelDir !== undefined ? { libraryDir, modelDir } : { libraryDir });
  try {
    if (mode === 'searchable' && warmup !== undefined) await core.startImport({ sources: [warmup], to: `${dest}-warmup` });
    const start = performance.now();
    const cpu = process.cpuUsage();
    const record = await core.startImport({ sources: [source], to: dest });
    let found = 0;
    if (mode === 'searchable') found = (await core.search({ text: 'a photo', limit: 1000 })).total;
    const seconds = secondsSince(start);
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const indexed = mode === 'searchable' ? (await core.status({})).photos.indexed : 0;
    progress(`import (${mode}): ${record.copied} files, ${(record.bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s (CPU ${cpuSeconds.toFixed(2)} s)`);
    const result: ImportChildResult = { files: record.copied, bytes: record.bytes, seconds, cpuSeconds, indexed, found };
    reportToParent(result);
  } finally {
    await core.close();
  }
}

runMain(main);
