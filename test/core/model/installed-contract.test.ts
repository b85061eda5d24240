import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRegistryEntry, loadModelRegistry, type RegistryEntry } from '../../../src-main/core/model/model-registry.js';
import { writeManifest } from '../../../src-main/core/model/download/manifest.js';
import { readModelFolder } from '../../../src-main/core/model/model-folder.js';
import { writeTinyClipModel } from '../../fixtures/tiny-clip.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/** The tiny model installed as if from the catalogue, with `change` applied to its recorded entry. */
async function installedTiny(dir: string, change: (entry: RegistryEntry) => void): Promise<string> {
  const model = await writeTinyClipModel(dir);
  // Like SigLIP's config: nothing says the embedding size, so only the catalogue entry can.
  const config = JSON.parse(await readFile(path.join(model.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
  delete config['projection_dim'];
  await writeFile(path.join(model.dir, 'config.json'), JSON.stringify(config));
  const entry = structuredClone(getRegistryEntry(await loadModelRegistry(), 'clip-vit-b32'));
  entry.embeddingSize = model.embeddingSize;
  change(entry);
  await writeManifest(model.dir, {
    formatVersion: 1,
    id: 'tiny',
    displayName: 'Tiny',
    variant: 'fp32',
    source: { kind: 'catalogue', repo: entry.source.repo, revision: entry.source.revision, mirror: null },
    installedAt: new Date().toISOString(),
    files: [],
    entry,
  });
  return model.dir;
}

describe('a model installed from the catalogue', () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => (work = await makeTempDir('shoebox-contract-')));
  afterAll(async () => work.cleanup());

  it('is read with the sizes, padding and preprocessing of its catalogue entry', async () => {
    const dir = await installedTiny(path.join(work.dir, 'padded'), (entry) => {
      entry.text.padding = 'max';
      entry.text.contextLength = 64;
    });
    const folder = await readModelFolder(dir);
    expect(folder).toMatchObject({ embeddingSize: 32, contextLength: 64, textPadTo: 'max' });
    expect(folder.preprocess.mean).toEqual([0.48145466, 0.4578275, 0.40821073]);
  });

  it('is checked against the tensor names its entry gives, and the error names the missing one', async () => {
    const dir = await installedTiny(path.join(work.dir, 'renamed'), (entry) => {
      entry.text.output = 'pooler_output';
    });
    await expect(readModelFolder(dir)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/text_model\.onnx has no output "pooler_output" \(its outputs: text_embeds\)/) as unknown,
    });
  });
});
