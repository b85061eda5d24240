import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { writeColourSet } from '../helpers/photos.js';
import { runCliProcess } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { waitFor } from '../helpers/wait-for.js';
import { cli } from './cli-io.js';

describe('Ctrl-C during `shoebox album mirror` (a real process and signal)', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let common: string[];
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red', 'blue'], 4);
    common = ['--library', path.join(dir, 'library'), '--model', await tinyModelDir()];
    expect((await cli('index', photos, ...common, '--json')).code).toBe(0);
    expect((await cli('album', 'create', 'Red', '--prompt', 'red', '--threshold', '0.5', ...common)).code).toBe(0);
  });
  afterAll(async () => cleanup());

  it('stops between two files, keeps what was copied (undoable) and leaves no partial copy', async () => {
    const folder = path.join(dir, 'Red copies');
    // each file action pauses between its steps, so the run is still going when the signal comes
    const run = runCliProcess(['album', 'mirror', 'Red', '--to', folder, '--mode', 'copy', ...common], { SHOEBOX_TEST_SLOW_FILE_ACTIONS_MS: '400' });
    await waitFor('the first photo to be mirrored', () => Promise.resolve(/mirroring: 1\/4 photos/.test(run.output())));
    run.kill('SIGINT');
    expect(await run.exited).toBe(0);
    const match = /copy: (\d) done, 0 already there, 0 failed; cancelled, the rest was not started/.exec(run.output());
    expect(match, run.output()).not.toBeNull();
    const done = Number(match?.[1]);
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(4);
    expect(run.output()).toMatch(/undo with: shoebox album undo-mirror \w+/);
    const left = await readdir(folder);
    expect(left.filter((name) => name.startsWith('.shoebox-'))).toEqual([]);
    expect(left).toHaveLength(done);

    const undone = await cli('album', 'undo-mirror', 'Red', ...common, '--json');
    expect(JSON.parse(undone.out.join('\n'))).toMatchObject({ restored: done, failed: [] });
    expect(await readdir(folder)).toEqual([]);
  });
});
