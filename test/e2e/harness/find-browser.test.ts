import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { lookUpBrowser, NO_BROWSER_HINT } from './find-browser.js';

describe('finding the e2e browser', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterAll(() => cleanup());

  it('takes SHOEBOX_BROWSER before any installed or bundled browser', async () => {
    const fake = path.join(dir, 'my-chrome');
    await writeFile(fake, '#!/bin/sh\n');
    await chmod(fake, 0o755);
    const found = await lookUpBrowser({ SHOEBOX_BROWSER: fake });
    expect(found.launch).toEqual({ executablePath: fake });
    expect(found.source).toContain('SHOEBOX_BROWSER');
  });

  it.each([
    ['a file that is not executable', 'plain.txt'],
    ['a folder', 'a-folder'],
    ['a path that does not exist', 'missing'],
  ])('refuses SHOEBOX_BROWSER naming %s with one line that says how to get a browser', async (_what, name) => {
    const target = path.join(dir, name);
    if (name === 'plain.txt') await writeFile(target, 'not a browser');
    if (name === 'a-folder') await mkdir(target, { recursive: true });
    const failure = await lookUpBrowser({ SHOEBOX_BROWSER: target }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain(`SHOEBOX_BROWSER is set to ${target}`);
    expect(message).toContain(NO_BROWSER_HINT);
    expect(message).not.toContain('\n');
  });

  it('without SHOEBOX_BROWSER finds an installed or bundled browser on this machine', async () => {
    const found = await lookUpBrowser({ SHOEBOX_BROWSER: '' });
    expect(found.source).not.toContain('SHOEBOX_BROWSER');
    expect(found.launch.executablePath ?? found.launch.channel).toBeTruthy();
  });
});
