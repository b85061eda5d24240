import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runCli } from '../../../src-main/cli/main.js';
import type { CliIo } from '../../../src-main/cli/io.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('album, label, tag and dupes on the command line', () => {
  let cleanup: () => Promise<void>;
  let common: string[];
  let files: Record<string, string[]>;
  const run = async (...argv: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), stderr: process.stderr };
    const code = await runCli([...argv, ...common], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const json = async <T>(...argv: string[]): Promise<T> => {
    const result = await run(...argv, '--json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.out) as T;
  };

  beforeAll(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    const photos = path.join(temp.dir, 'photos');
    files = await writeColourSet(photos, ['red', 'blue'], 2);
    common = ['--library', path.join(temp.dir, 'library'), '--model', await tinyModelDir()];
    const indexed = await run('index', photos, '--json');
    expect(indexed.code).toBe(0);
  });
  afterAll(async () => cleanup());

  it('creates, shows, corrects, tags and previews', async () => {
    const created = await json<{ id: string; memberCount: number }>('album', 'create', 'Red things', '--prompt', 'red', '--threshold', '0.5');
    expect(created.memberCount).toBe(2);
    const listed = await run('album', 'list');
    expect(listed.out).toMatch(/Red things: 2 photos, threshold 0\.500, "red"/);

    const red0 = files['red']?.[0] ?? '';
    const excluded = await json<{ changed: number }>('label', 'add', '--album', 'red things', '--photo', red0, '--exclude');
    expect(excluded.changed).toBe(1);
    const shown = await json<{ photos: { path: string }[] }>('album', 'show', created.id);
    expect(shown.photos.map((p) => p.path)).toEqual([files['red']?.[1]]);
    await json('label', 'undo', '--album', created.id);
    expect((await json<{ total: number }>('album', 'show', 'Red things')).total).toBe(2);

    const tagged = await json<{ tags: string[] }[]>('tag', 'add', 'Favourite', red0, files['blue']?.[0] ?? '');
    expect(tagged.map((t) => t.tags)).toEqual([['favourite'], ['favourite']]);
    expect(await json('tag', 'list')).toEqual([{ tag: 'favourite', count: 2 }]);

    const preview = await run('album', 'preview', '--prompt', 'blue');
    expect(preview.out).toMatch(/suggested threshold: [\d.]+ of 4 photos/);
    const set = await json<{ threshold: number; prompts: string[] }>('album', 'set', created.id, '--threshold', '0.6', '--prompt', 'red', 'dark');
    expect(set).toMatchObject({ threshold: 0.6, prompts: ['red', 'dark'] });
    const dupes = await json<{ groups: unknown[] }>('dupes');
    expect(dupes.groups).toEqual(expect.any(Array));
    expect((await run('album', 'delete', created.id)).code).toBe(0);
    expect(await json('album', 'list')).toEqual([]);
  });

  it('says what is wrong with a usage error or an unknown album', async () => {
    expect((await run('album', 'create', 'No prompt')).code).toBe(2);
    const unknown = await run('album', 'show', 'nothing-like-this');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/No album with id or name "nothing-like-this".*\[NOT_FOUND\]/);
    expect((await run('label', 'add', '--album', 'x', '--photo', 'y')).code).toBe(2);
  });
});
