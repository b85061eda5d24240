import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escapeControl } from '../../src-main/cli/io.js';
import { runCliProcess } from '../helpers/processes.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { cli } from './cli-io.js';

describe('what the CLI prints', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-cli-out-')));
  afterEach(async () => cleanup());

  it('escapes control characters, keeping ordinary text', () => {
    expect(escapeControl('a\u001b[31mred\rb\u0007.jpg')).toBe('a\\x1b[31mred\\x0db\\x07.jpg');
    expect(escapeControl('Ünïcödé 写真.jpg')).toBe('Ünïcödé 写真.jpg');
  });

  it('a library it cannot write gives a coded message naming the path, never a stack trace', async () => {
    const file = path.join(dir, 'not-a-folder');
    await writeFile(file, 'x');
    const run = await cli('status', '--library', path.join(file, 'library'));
    expect(run.code).toBe(1);
    const text = run.err.join('\n');
    expect(text).toContain(file);
    expect(text).toMatch(/\[FILE_OPERATION_FAILED\]/);
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('a file name with an escape sequence is printed escaped on the terminal', async () => {
    const photos = path.join(dir, 'photos');
    const hostile = path.join(photos, 'evil\u001b]0;pwned\u0007\u001b[2J.jpg');
    await mkdir(photos);
    await writeFile(hostile, 'not a photo');
    const run = runCliProcess(['index', photos, '--library', path.join(dir, 'library'), '--model', await tinyModelDir()]);
    expect(await run.exited).toBe(0);
    expect(run.output()).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J.jpg');
    expect(run.output()).not.toContain('\u001b[2J');
  });
});
