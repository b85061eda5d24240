import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCommandFor, openInBrowser } from '../../src-main/server/open-browser.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

describe('opening the default browser', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-open-'));
  });
  afterAll(() => cleanup());

  it('uses the opener of each OS', () => {
    const url = 'http://127.0.0.1:5000/?token=abc';
    expect(openCommandFor(url, 'linux')).toEqual({ command: 'xdg-open', args: [url] });
    expect(openCommandFor(url, 'darwin')).toEqual({ command: 'open', args: [url] });
    expect(openCommandFor(url, 'win32')).toEqual({ command: 'cmd', args: ['/d', '/s', '/c', 'start', '""', url] });
  });

  it.skipIf(process.platform === 'win32')('hands the address to the opener, and answers false when there is none', async () => {
    const record = path.join(dir, 'opened');
    const opener = path.join(dir, openCommandFor('x').command);
    await writeFile(opener, `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    await chmod(opener, 0o755);
    const url = 'http://127.0.0.1:5000/?token=abc';
    expect(await openInBrowser(url, { PATH: dir })).toBe(true);
    expect(await waitFor('the opener to run', () => readFile(record, 'utf8').catch(() => ''))).toBe(url);
    expect(await openInBrowser(url, { PATH: path.join(dir, 'nothing-here') })).toBe(false);
  });
});
