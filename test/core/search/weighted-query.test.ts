import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../src-main/core/core.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

/** Issue 10, item 8 (d): a weight scales a term, never the scores; scores are cosines. */
describe('a weighted query', () => {
  let core: Core;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const made = await makeTempDir();
    cleanup = made.cleanup;
    const photos = path.join(made.dir, 'photos');
    // Neutral names: no keyword bonus, so a score is the query·photo cosine alone.
    const colours = ['red', 'green', 'blue', 'yellow'];
    for (const [i, name] of [...colours, ...colours].entries()) {
      await writePhoto(path.join(photos, `p${i}.jpg`), COLOURS[name] ?? [0, 0, 0], { seed: i + 1 });
    }
    core = await createCore({ libraryDir: path.join(made.dir, 'library'), modelDir: await tinyModelDir() });
    await core.addRoot({ path: photos });
    await core.rescan({});
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('scores within [-1, 1], with the same hits, order and tiers as the unweighted query', async () => {
    const plain = await core.search({ text: 'red', limit: 50 });
    for (const text of ['2:red', '0.5:red', '3:red + 0.1:green']) {
      const weighted = await core.search({ text, limit: 50 });
      for (const hit of weighted.hits) {
        expect(hit.score, text).toBeGreaterThanOrEqual(-1);
        expect(hit.score, text).toBeLessThanOrEqual(1);
      }
      if (!text.includes('green')) {
        expect(weighted.hits.map((h) => [h.id, h.tier]), text).toEqual(plain.hits.map((h) => [h.id, h.tier]));
        weighted.hits.forEach((h, i) => expect(h.score).toBeCloseTo(plain.hits[i]?.score ?? Number.NaN, 5));
      }
    }
  });
});
