import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeColourSet } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'src-main', 'cli', 'bin.ts');

describe('the command line in its own process', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-cli-stderr-'));
    await writeColourSet(path.join(dir, 'photos'), ['red', 'blue'], 1);
  });
  afterAll(() => cleanup());

  it('loads the model for index and search without the WebGPU probe writing to stderr', async () => {
    const env = { ...process.env, SHOEBOX_LIBRARY: path.join(dir, 'library') };
    const model = await tinyModelDir();
    const shoebox = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', BIN, ...args, '--model', model], { env, cwd: ROOT });
    const index = await shoebox('index', path.join(dir, 'photos'));
    const search = await shoebox('search', 'red');
    const status = await shoebox('status');
    expect(search.stdout).toMatch(/red/);
    for (const { stderr } of [index, search, status]) {
      expect(stderr).not.toMatch(/Vulkan|dawn|Warning:/i);
    }
    // what is left on stderr is the command's own progress
    expect(search.stderr + status.stderr).toBe('');
  });
});
