import { createHash } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportRecord } from '../../../src-main/contract/imports.js';
import type { FileActionEntry } from '../../../src-main/core/catalog/file-actions-store.js';
import { eraseVerified, importActionTag, makeFolder } from '../../../src-main/core/import/import-copy.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const exists = (p: string): Promise<boolean> => stat(p).then(() => true, () => false);

function record(): ImportRecord {
  return {
    id: 'i1', state: 'running', sources: [], destination: '', pattern: '', startedAt: '', finishedAt: null, copied: 0,
    alreadyInLibrary: 0, failed: [], bytes: 0, indexed: 0, erasedFromSource: 0, filing: [], files: [], createdFolders: [],
    filedActionIds: [], message: null,
  };
}

describe('the import copy helpers (real files)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-import-copy-')));
  afterEach(async () => cleanup());

  it('tags an import\'s file actions with its id', () => {
    expect(importActionTag('abc')).toBe('import:abc');
  });

  it('makes a folder and notes only the folders it made, outermost first, each once', async () => {
    await mkdir(path.join(dir, 'lib'));
    const created: string[] = [];
    await makeFolder(path.join(dir, 'lib', '2024', '05'), created);
    expect(created).toEqual([path.join(dir, 'lib', '2024'), path.join(dir, 'lib', '2024', '05')]);
    expect((await stat(path.join(dir, 'lib', '2024', '05'))).isDirectory()).toBe(true);
    await makeFolder(path.join(dir, 'lib', '2024', '06'), created);
    await makeFolder(path.join(dir, 'lib', '2024', '05'), created);
    expect(created).toEqual([path.join(dir, 'lib', '2024'), path.join(dir, 'lib', '2024', '05'), path.join(dir, 'lib', '2024', '06')]);
    // a folder another import made and noted is not noted twice when it is made again after a removal
    const again = [path.join(dir, 'other')];
    await makeFolder(path.join(dir, 'other'), again);
    expect(again).toEqual([path.join(dir, 'other')]);
  });

  it('erases from the card only the files whose copy and original both read back as logged', async () => {
    await mkdir(path.join(dir, 'card'));
    await mkdir(path.join(dir, 'lib'));
    const action = async (name: string, source: string, copy: string, logged = source): Promise<FileActionEntry> => {
      const from = path.join(dir, 'card', name);
      const to = path.join(dir, 'lib', name);
      await writeFile(from, source);
      await writeFile(to, copy);
      return {
        action_id: name, album_id: 'import:i1', photo_id: name, mode: 'copy', source: from, dest: to, temp: null,
        sha256: sha(logged), state: 'done', reverts: null, message: null,
      };
    };
    const done = [
      await action('good.jpg', 'photo', 'photo'),
      await action('bad-copy.jpg', 'photo', 'damaged'),
      await action('changed.jpg', 'changed since', 'photo', 'photo'),
    ];
    const rec = record();
    await eraseVerified(done, rec);
    expect(rec.erasedFromSource).toBe(1);
    expect(await exists(path.join(dir, 'card', 'good.jpg'))).toBe(false);
    expect(await readFile(path.join(dir, 'card', 'bad-copy.jpg'), 'utf8')).toBe('photo');
    expect(await readFile(path.join(dir, 'card', 'changed.jpg'), 'utf8')).toBe('changed since');
    expect(await readFile(path.join(dir, 'lib', 'good.jpg'), 'utf8')).toBe('photo');
  });
});
