import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Core } from '../../src-main/core/core.js';
import { createCore } from '../../src-main/core/create-core.js';
import { startServer } from '../../src-main/server/start-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('a server and the page warm-up ([Note: warming for the page])', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-warm-'));
    core = await createCore({ libraryDir: path.join(dir, 'library') });
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await core.close();
    await cleanup();
  });

  it('one that serves the UI has its core prepare for the page; one that serves only the API does not', async () => {
    const warm = vi.spyOn(core, 'warmForPage');
    const warnings = vi.spyOn(console, 'warn');
    const apiOnly = await startServer({ core });
    await apiOnly.close();
    expect(warm).not.toHaveBeenCalled();
    const staticDir = path.join(dir, 'ui');
    await mkdir(staticDir);
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Shoebox</title>');
    const withUi = await startServer({ core, staticDir });
    await withUi.close();
    expect(warm).toHaveBeenCalledTimes(1);
    // a core without a model: the page shows the first run, whose grid call fails; there is nothing to warm
    await expect(core.listPhotos({ offset: 0, limit: 10 })).rejects.toMatchObject({ code: 'MODEL_NOT_READY' });
    expect(await warm.mock.results[0]?.value).toBe('no model');
    expect(warnings).not.toHaveBeenCalled();
  });
});
