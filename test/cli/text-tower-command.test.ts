import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyClipModel } from '../fixtures/tiny-clip.js';
import { MULTILINGUAL_EMBEDDING, writeTinyMultilingualModel } from '../fixtures/tiny-multilingual.js';
import { writeColourSet } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { cli } from './cli-io.js';

/**
 * `shoebox model text-tower`: shows and sets which text tower reads queries (the library's textTower
 * setting), and the choice decides what a Chinese query finds from the command line.
 */
describe('shoebox model text-tower', () => {
  let work: { dir: string; cleanup: () => Promise<void> };
  let library: string;
  let red: string[];
  beforeAll(async () => {
    work = await makeTempDir('shoebox-cli-text-tower-');
    library = path.join(work.dir, 'library');
    const clip = await writeTinyClipModel(path.join(work.dir, 'tiny-clip'), { embeddingSize: MULTILINGUAL_EMBEDDING });
    const tower = await writeTinyMultilingualModel(path.join(work.dir, 'hub', 'clip-ViT-B-32-multilingual-v1'));
    red = (await writeColourSet(path.join(work.dir, 'photos'), ['red', 'blue'], 2))['red'] ?? [];
    for (const argv of [
      ['model', 'import', clip.dir, '--id', 'clip-vit-b32'],
      ['model', 'use', 'clip-vit-b32'],
      ['model', 'import', tower.dir],
      ['index', path.join(work.dir, 'photos')],
    ]) {
      const run = await cli(...argv, '--library', library);
      expect({ argv, code: run.code, err: run.err }).toEqual({ argv, code: 0, err: [] });
    }
  });
  afterAll(async () => {
    await work.cleanup();
  });

  /** The two best hits of 红 and the best score: the multilingual tower reads it as red, CLIP's BPE does not. */
  const searchRed = async (): Promise<{ top: string[]; score: number }> => {
    const run = await cli('search', '红', '--json', '--library', library);
    expect(run.code).toBe(0);
    const hits = JSON.parse(run.out.join('\n')) as { path: string; score: number }[];
    return { top: hits.slice(0, 2).map((h) => h.path).sort(), score: hits[0]?.score ?? 0 };
  };

  it('shows the setting and the add-on, in words and as language-neutral JSON', async () => {
    const shown = await cli('model', 'text-tower', '--library', library);
    expect(shown).toMatchObject({ code: 0, out: ['text tower: auto', 'multilingual add-on: clip-multilingual-b32'] });
    const json = await cli('model', 'text-tower', '--json', '--library', library);
    expect(JSON.parse(json.out.join(''))).toEqual({ textTower: 'auto', multilingual: 'clip-multilingual-b32' });
  });

  it('sets clip, kept for the next run: 红 is then read by CLIP, and multilingual or auto bring it back', async () => {
    const multilingual = await searchRed();
    expect(multilingual.top).toEqual([...red].sort());
    expect(multilingual.score).toBeGreaterThan(0.9);
    expect((await cli('model', 'text-tower', 'clip', '--library', library)).out[0]).toBe('text tower: clip');
    expect((await cli('model', 'text-tower', '--library', library)).out[0]).toBe('text tower: clip');
    // CLIP's tiny tower knows no 红: whatever comes first is a weak match
    expect((await searchRed()).score).toBeLessThan(0.5);
    expect((await cli('model', 'text-tower', 'multilingual', '--library', library)).out[0]).toBe('text tower: multilingual');
    expect(await searchRed()).toEqual(multilingual);
    expect((await cli('model', 'text-tower', 'auto', '--library', library)).code).toBe(0);
  });

  it('refuses an unknown choice or two of them with a usage error, and changes nothing', async () => {
    const bad = await cli('model', 'text-tower', 'english', '--library', library);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain('text tower "english" is not one of auto, clip, multilingual');
    expect((await cli('model', 'text-tower', 'clip', 'auto', '--library', library)).code).toBe(2);
    expect((await cli('model', 'text-tower', '--library', library)).out[0]).toBe('text tower: auto');
  });
});
