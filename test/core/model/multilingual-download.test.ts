import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  filesOf,
  getCatalogueEntry,
  getVariant,
  loadCatalogue,
} from '../../../src-main/core/model/catalogue.js';
import { downloadModel } from '../../../src-main/core/model/download/download-model.js';
import { loadSentenceTower } from '../../../src-main/core/model/sentence-tower.js';
import { writeTinyMultilingualModel } from '../../fixtures/tiny-multilingual.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { HttpTestServer } from './helpers/http-test-server.js';

/** The catalogue's multilingual entry, downloaded through a loopback mirror that serves the tiny tower under the real URLs. */
describe('downloading the multilingual text tower', () => {
  const server = new HttpTestServer();
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    await server.start();
  });
  afterAll(async () => {
    await server.close();
    await cleanup();
  });

  it('fetches every file of the entry (resuming a dropped one), installs it as onnx/text_model.onnx, and it embeds', async () => {
    const entry = getCatalogueEntry(await loadCatalogue(), 'clip-multilingual-b32');
    const tiny = await writeTinyMultilingualModel(path.join(dir, 'hub'));
    for (const file of filesOf(entry, getVariant(entry))) {
      const body = await readFile(path.join(tiny.dir, file.path));
      const plan =
        file.path === 'onnx/model.onnx'
          ? [{ kind: 'drop' as const, bytes: Math.floor(body.length / 2) }]
          : [];
      server.serve(new URL(file.url).pathname, body, plan);
    }
    const result = await downloadModel(entry, {
      modelsDir: path.join(dir, 'models'),
      mirror: server.baseUrl,
      retryBaseDelayMs: 10,
      progressIntervalMs: 0,
    });
    const onnx = server.requestsFor(`/${entry.source.repo}/resolve/${entry.source.revision}/onnx/model.onnx`);
    expect(onnx.length).toBe(2);
    expect(onnx[1]?.range).toMatch(/^bytes=\d+-$/);
    expect(result.manifest.files.map((f) => f.path)).toContain('onnx/text_model.onnx');
    expect(result.manifest.entry?.sharesImageSpaceWith).toBe('clip-vit-b32');
    const tower = await loadSentenceTower(result.dir);
    try {
      const [vector] = await tower.embedTexts(['红']);
      expect(vector).toHaveLength(512);
    } finally {
      await tower.dispose();
    }
  });
});
