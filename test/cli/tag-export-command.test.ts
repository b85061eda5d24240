import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exiftool } from '../../src-main/core/imaging/exiftool.js';
import { COLOURS, writePhoto } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { cli } from './cli-io.js';

describe('shoebox tag export', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(async () => cleanup());

  it('writes a sidecar for a tagged photo, undoes it, switches the automatic export, and refuses a bad switch', async () => {
    const photos = path.join(dir, 'photos');
    const red = await writePhoto(path.join(photos, 'red.jpg'), COLOURS['red'] ?? [0, 0, 0]);
    await writePhoto(path.join(photos, 'blue.jpg'), COLOURS['blue'] ?? [0, 0, 0]);
    const common = ['--library', path.join(dir, 'library'), '--model', await tinyModelDir()];
    expect((await cli('index', photos, ...common)).code).toBe(0);
    expect((await cli('tag', 'add', 'Harbour', red, ...common)).code).toBe(0);

    const exported = await cli('tag', 'export', ...common);
    expect(exported).toMatchObject({ code: 0, err: [], out: ['2 photos: 0 sidecars updated, 1 created, 1 unchanged, 0 failed'] });
    const tags = (await exiftool().read(`${red}.xmp`)) as { Subject?: unknown };
    expect([tags.Subject].flat()).toEqual(['harbour']);
    expect(JSON.parse((await cli('tag', 'export', '--json', ...common)).out[0] ?? '')).toMatchObject({ exportId: null, unchanged: 2 });

    const undone = await cli('tag', 'export', '--undo', ...common);
    expect(undone.code).toBe(0);
    expect(undone.out[0]).toMatch(/^export \S+ undone: 0 sidecars restored, 1 removed, 0 kept$/);
    expect((await readdir(photos)).sort()).toEqual(['blue.jpg', 'red.jpg']);
    expect((await cli('tag', 'export', '--undo', ...common)).out).toEqual(['no keyword export to undo']);

    expect((await cli('tag', 'export', '--auto', 'on', ...common)).out).toEqual(['automatic keyword export is on']);
    const settings = JSON.parse(await readFile(path.join(dir, 'library', 'settings.json'), 'utf8')) as { keywordExport: unknown };
    expect(settings.keywordExport).toEqual({ auto: true });
    const bad = await cli('tag', 'export', '--auto', 'sometimes', ...common);
    expect(bad.code).toBe(2);
    expect(bad.err.join('\n')).toContain('--auto takes on or off');
  });
});
