import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFile, mkdir, readdir, utimes } from 'node:fs/promises';
import path from 'node:path';
import { COLOURS, writeColourSet } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { filesUnder, makeFakeCard } from '../core/import/fake-card.js';
import { cli } from './cli-io.js';

describe('shoebox import', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    process.env['SHOEBOX_IMPORT_SETTLE_MS'] = '60000';
  });
  afterEach(async () => {
    delete process.env['SHOEBOX_IMPORT_SETTLE_MS'];
    await cleanup();
  });

  it('imports a card, finds nothing new the second time, files by album, lists and undoes', async () => {
    const lib = ['--library', path.join(dir, 'library'), '--model', await tinyModelDir()];
    const photos = await writeColourSet(path.join(dir, 'photos'), ['red', 'blue'], 2);
    expect((await cli('index', path.join(dir, 'photos'), ...lib)).code).toBe(0);
    const red = COLOURS['red'] ?? [255, 0, 0];
    const blue = COLOURS['blue'] ?? [0, 0, 255];
    const card = await makeFakeCard(path.join(dir, 'EOS_DIGITAL'), [photos['red']?.[0] ?? ''], { colours: (n) => (n % 3 === 0 ? red : blue) });
    // the same photo twice on the card (a copy the camera's owner made): imported once
    const twin = path.join(card.root, 'DCIM', '100CANON', 'IMG_0001 copy.JPG');
    await copyFile(path.join(card.root, 'DCIM', '100CANON', 'IMG_0001.JPG'), twin);
    const old = new Date(Date.now() - 3_600_000);
    await utimes(twin, old, old);
    const to = path.join(dir, 'Pictures');
    const filed = path.join(dir, 'Albums', 'Red');
    expect((await cli('album', 'create', 'Red', '--prompt', 'red', '--threshold', '0.5', ...lib)).code).toBe(0);
    const set = await cli('album', 'set', 'Red', '--file-to', filed, '--mode', 'copy', ...lib);
    expect(set.out.join('\n')).toMatch(/files imports by copy to /);

    const dry = await cli('import', card.root, '--to', to, '--dry-run', ...lib);
    expect(dry.code).toBe(0);
    expect(dry.out[0]).toMatch(new RegExp(`^${card.root}: 10 new photos \\(.* kB; 1 file already in your library; 1 file repeated on the source, imported once\\)$`));
    expect(await readdir(dir)).not.toContain('Pictures');

    const first = await cli('import', card.root, '--to', to, ...lib);
    expect(first.code).toBe(0);
    const text = first.out.join('\n');
    expect(text).toMatch(/done: 10 files copied to .*Pictures .* 10 indexed, 1 already in your library, 2 not imported/);
    expect(text).toMatch(/ {2}4 → Red \(copy to .*Red\)/);
    expect(text).toMatch(/ {2}4 stayed in 2026\/2026-07-14/);
    expect(text).toMatch(/not imported: .*IMG_0200\.JPG is still being written.*\[FILE_BUSY\]/);
    expect(first.stderr).toMatch(/importing 10\/10 files: .* ETA/);
    expect((await filesUnder(filed)).size).toBe(4);

    const second = await cli('import', card.root, '--to', to, '--json', ...lib);
    expect(JSON.parse(second.out[0] ?? '{}')).toMatchObject({ copied: 0, alreadyInLibrary: 12 });

    const third = await cli('import', card.root, '--to', to, ...lib);
    expect(third.out[0]).toBe(`nothing new on ${card.root}: 12 files already in your library`);
    const list = await cli('import', 'list', ...lib);
    expect(list.out.filter((l) => l.startsWith('import '))).toHaveLength(1);
    const undo = await cli('import', 'undo', ...lib);
    expect(undo.out[0]).toMatch(/undone: 10 copies removed, 0 moved back, 0 kept/);
    expect(await filesUnder(to)).toEqual(new Map());
    expect(await filesUnder(filed)).toEqual(new Map());
    expect((await cli('import', 'undo', ...lib)).code).toBe(1);

    const phone = path.join(dir, 'Phone');
    await mkdir(phone);
    expect((await cli('import', 'folders', 'add', phone, ...lib)).out).toEqual([phone]);
    expect((await cli('import', 'folders', 'list', ...lib)).out).toEqual([phone]);
    expect((await cli('import', 'folders', 'remove', phone, ...lib)).out).toEqual([]);
    expect((await cli('import', ...lib)).code).toBe(2);
    expect((await cli('import', card.root, '--to', to, '--pattern', '{nope}', ...lib)).code).toBe(2);
  });
});
