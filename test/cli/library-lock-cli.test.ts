import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_OWNER, LibraryLock, readLibraryOwner } from '../../src-main/core/library-lock.js';
import { photoTableRows } from '../helpers/catalogue-rows.js';
import { COLOURS, writeColourSet, writePhoto } from '../helpers/photos.js';
import { runCliProcess, runScript } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { waitFor } from '../helpers/wait-for.js';
import { cli } from './cli-io.js';

async function postApi(url: string, token: string, method: string, input: unknown): Promise<unknown> {
  const response = await fetch(`${url}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shoebox-token': token },
    body: JSON.stringify(input),
  });
  const envelope = (await response.json()) as { ok: boolean; value?: unknown; error?: unknown };
  if (!envelope.ok) throw new Error(JSON.stringify(envelope.error));
  return envelope.value;
}

describe('one writer per library, across processes', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-lock-cli-')));
  afterEach(async () => cleanup());

  it('two `index` runs at once: the second waits, and the catalogue has one row per photo', async () => {
    const photos = path.join(dir, 'photos');
    const colours = Object.values(COLOURS);
    const total = 60;
    for (let i = 0; i < total; i += 1) {
      await writePhoto(path.join(photos, `p${String(i).padStart(3, '0')}.jpg`), colours[i % colours.length] ?? [0, 0, 0], { seed: i + 1 });
    }
    const library = path.join(dir, 'library');
    const model = await tinyModelDir();
    const args = ['index', photos, '--library', library, '--model', model];
    const first = runCliProcess(args);
    const second = runCliProcess(args);
    const codes = await Promise.all([first.exited, second.exited]);
    const outputs = `${first.output()}\n----\n${second.output()}`;
    expect(codes, outputs).toEqual([0, 0]);
    expect(outputs).toMatch(/waiting for shoebox index \(pid \d+/);
    // One of them indexed everything, the other found it unchanged.
    expect(outputs).toMatch(new RegExp(`indexed ${total}, unchanged 0`));
    expect(outputs).toMatch(new RegExp(`indexed 0, unchanged ${total}`));
    expect(await photoTableRows(library)).toEqual({ rows: total, ids: total, paths: total });
  });

  it('`serve` owns the library: CLI commands work through it, and nothing the page or the CLI did is lost', async () => {
    const model = await tinyModelDir();
    const library = path.join(dir, 'library');
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    const third = path.join(dir, 'third');
    const firstPhotos = await writeColourSet(first, ['red', 'blue'], 2);
    await writeColourSet(second, ['green'], 2);
    await writeColourSet(third, ['yellow'], 1);
    const serve = runScript('src-main/server/main.ts', ['--library', library, '--model', model, '--folder', first, '--allow', third]);
    try {
      const owner = await waitFor('serve to announce itself', async () => (await readLibraryOwner(library))?.endpoint, 60_000);
      const pageUrl = await waitFor('serve to print its URL', () => /serving on (\S+)/.exec(serve.output())?.[1], 20_000);
      const page = new URL(pageUrl ?? '');
      const pageToken = page.searchParams.get('token') ?? '';
      expect(owner?.token).not.toBe(pageToken);

      // The CLI adds a folder and indexes through the server; the page then adds another.
      const indexed = await cli('index', second, '--library', library);
      expect(indexed.code, indexed.err.join('\n')).toBe(0);
      await postApi(page.origin, pageToken, 'addRoot', { path: third });
      const settings = JSON.parse(await readFile(path.join(library, 'settings.json'), 'utf8')) as { roots: { path: string }[] };
      expect(settings.roots.map((r) => r.path).sort()).toEqual([first, second, third].sort());

      // Tags and corrections made by the CLI are the server's: it sees them at once.
      const red = firstPhotos['red']?.[0] ?? '';
      expect((await cli('tag', 'add', 'holiday', red, '--library', library)).code).toBe(0);
      expect((await cli('album', 'create', 'Reds', '--prompt', 'red', '--library', library)).code).toBe(0);
      const tags = (await postApi(page.origin, pageToken, 'listTags', {})) as { tag: string; count: number }[];
      expect(tags).toEqual([{ tag: 'holiday', count: 1 }]);

      // Label writers at once: sequence numbers come from the one owner, so every correction can be undone.
      const refs = [...(firstPhotos['red'] ?? []), ...(firstPhotos['blue'] ?? [])];
      const labels = await Promise.all(
        refs.map((ref, i) => cli('label', 'add', '--album', 'Reds', '--photo', ref, i % 2 === 0 ? '--include' : '--exclude', '--library', library)),
      );
      expect(labels.map((l) => l.code)).toEqual(refs.map(() => 0));
      for (let i = 0; i < refs.length; i += 1) {
        const undo = await cli('label', 'undo', '--album', 'Reds', '--library', library, '--json');
        expect(undo.code, undo.err.join('\n')).toBe(0);
        expect(JSON.parse(undo.out[0] ?? '{}')).toMatchObject({ undone: { kind: 'album' } });
      }
      const nothingLeft = await cli('label', 'undo', '--album', 'Reds', '--library', library, '--json');
      expect(JSON.parse(nothingLeft.out[0] ?? '{}')).toMatchObject({ undone: null });

      // The server still owns the library; the CLI never opened the catalogue itself.
      expect((await readLibraryOwner(library))?.pid).toBe(serve.pid);
    } finally {
      serve.kill('SIGTERM');
      await serve.exited;
    }
    expect(await readLibraryOwner(library)).toBeNull();
  });

  it('refuses, naming it, while the desktop app owns the library', async () => {
    const library = path.join(dir, 'library');
    const lock = await LibraryLock.acquire(library, APP_OWNER);
    try {
      const run = await cli('status', '--library', library);
      expect(run.code).toBe(1);
      expect(run.err.join('\n')).toMatch(/the Shoebox app \(pid \d+, since .*\) is using this library.*\[LIBRARY_LOCKED\]/);
    } finally {
      await lock.release();
    }
  });
});
