import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../src-main/core/create-core.js';
import type { Core } from '../../../src-main/core/core.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { makeFakeCard } from './fake-card.js';

/** The library folders as settings.json on disk holds them. */
async function savedRoots(library: string): Promise<string[]> {
  const settings = JSON.parse(await readFile(path.join(library, 'settings.json'), 'utf8')) as { roots: { path: string }[] };
  return settings.roots.map((r) => r.path).sort();
}

describe('undoing an import gives the settings back as they were', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let core: Core;
  let library: string;
  let photos: string;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red'], 1);
    library = path.join(dir, 'library');
    core = await createCore({ libraryDir: library, modelDir: await tinyModelDir() });
    await core.addRoot({ path: photos });
  });
  afterEach(async () => {
    await core.close();
    await cleanup();
  });

  it('takes out the library folder the import added for its destination', async () => {
    const card = await makeFakeCard(path.join(dir, 'CARD'), []);
    const to = path.join(dir, 'Pictures');
    const rootsBefore = await savedRoots(library);
    expect(rootsBefore).toEqual([photos]);

    const record = await core.startImport({ sources: [card.root], to });
    expect(record.copied).toBe(card.expected.size);
    expect(record.addedRoot).toBe(to);
    expect(await savedRoots(library)).toEqual([to, photos].sort());

    await core.undoImport({});
    expect(await savedRoots(library)).toEqual(rootsBefore);
    expect((await core.listRoots({})).map((r) => r.path)).toEqual(rootsBefore);
  });

  it('keeps a library folder that was there before, or that another import or the person still uses', async () => {
    // Into a folder inside an existing root: nothing is added, nothing is taken out.
    const first = await makeFakeCard(path.join(dir, 'CARD1'), []);
    const inside = await core.startImport({ sources: [first.root], to: path.join(photos, 'Imported') });
    expect(inside.addedRoot).toBeNull();
    await core.undoImport({});
    expect(await savedRoots(library)).toEqual([photos]);

    // Two imports into a new folder: the first adds it; undoing it while the second stands keeps it;
    // undoing the second too takes it out.
    const to = path.join(dir, 'Pictures');
    const a = await core.startImport({ sources: [first.root], to });
    // Another card, in other colours: other photos, imported into a folder inside the first one's.
    const second = await makeFakeCard(path.join(dir, 'CARD2'), [], { colours: () => [20, 160, 40] });
    const b = await core.startImport({ sources: [second.root], to: path.join(to, 'phone') });
    expect(a.addedRoot).toBe(to);
    expect(b.copied).toBeGreaterThan(0);
    expect(b.addedRoot).toBeNull();
    await core.undoImport({ importId: a.id });
    expect(await savedRoots(library)).toEqual([to, photos].sort());
    await core.undoImport({ importId: b.id });
    expect(await savedRoots(library)).toEqual([photos]);

    // A file of the person's own in the folder: it stays a library folder after the undo.
    const c = await core.startImport({ sources: [first.root], to });
    expect(c.addedRoot).toBe(to);
    await writeFile(path.join(to, 'notes.txt'), 'mine');
    await core.undoImport({ importId: c.id });
    expect(await savedRoots(library)).toEqual([to, photos].sort());
  });
});
