import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { runCli } from '../../../src-main/cli/main.js';
import type { CliIo } from '../../../src-main/cli/io.js';
import { writeColourSet } from '../../helpers/photos.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';

describe('shoebox mark', () => {
  let cleanup: () => Promise<void>;
  let common: string[];
  let files: Record<string, string[]>;
  const run = async (...argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), stderr: process.stderr };
    const code = await runCli([...argv, ...common], io);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  beforeAll(async () => {
    const temp = await makeTempDir();
    cleanup = temp.cleanup;
    const photos = path.join(temp.dir, 'photos');
    files = await writeColourSet(photos, ['red', 'blue'], 1);
    common = ['--library', path.join(temp.dir, 'library'), '--model', await tinyModelDir()];
    expect((await run('index', photos, '--json')).code).toBe(0);
  });
  afterAll(async () => cleanup());

  it('favourites, rates and turns photos by path, shows and lists them', async () => {
    const red = files['red']?.[0] ?? '';
    const blue = files['blue']?.[0] ?? '';
    const set = await run('mark', red, blue, '--favourite', '--rating', '3', '--rotate', '-90');
    expect(set.err).toBe('');
    expect(set.out).toBe(`${red}: ♥ favourite, ★★★, turned 270°\n${blue}: ♥ favourite, ★★★, turned 270°`);
    await run('mark', blue, '--no-favourite', '--rating', '0', '--rotation', '0');
    expect((await run('mark', 'show', blue)).out).toBe(`${blue}: not a favourite, unrated, turned 0°`);
    const listed = JSON.parse((await run('mark', 'list', '--favourites', '--json')).out) as { photos: { path: string }[] };
    expect(listed.photos.map((p) => p.path)).toEqual([red]);
    const bad = await run('mark', red, '--rating', '7');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--rating takes one of 0, 1, 2, 3, 4, 5/);
  });
});
