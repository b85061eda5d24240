import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { createCore } from '../../src-main/core/create-core.js';
import type { Core } from '../../src-main/core/core.js';
import { makeTempDir } from './temp-dir.js';
import { tinyModelDir } from './tiny-model.js';

/** A fresh temp folder and a real core on the tiny model for each test of the suite, closed after it. */
export function corePerTest(): { readonly dir: string; readonly core: Core } {
  let dir = '';
  let core: Core | null = null;
  let cleanup: () => Promise<void> = () => Promise.resolve();
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
  });
  afterEach(async () => {
    await core?.close();
    core = null;
    await cleanup();
  });
  return {
    get dir() {
      return dir;
    },
    get core() {
      if (!core) throw new Error('the core exists only inside a test');
      return core;
    },
  };
}
