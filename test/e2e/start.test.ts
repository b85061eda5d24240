import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src-main/server/renderer-build.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';
import { errorsOf, launchBrowser, openPage } from './harness/browser.js';
import { saveScreenshot } from './harness/screenshots.js';

const require = createRequire(import.meta.url);
const electronFetched = existsSync(path.join(path.dirname(require.resolve('electron/package.json')), 'path.txt'));

/** Stands in for the OS's opener (xdg-open, open): records the address it was asked to open. */
async function writeFakeOpeners(bin: string, record: string): Promise<void> {
  await mkdir(bin, { recursive: true });
  for (const name of ['xdg-open', 'open']) {
    await writeFile(path.join(bin, name), `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    await chmod(path.join(bin, name), 0o755);
  }
}

describe.skipIf(process.platform === 'win32')('npm start without Electron', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let child: ChildProcess | undefined;
  let output = '';
  let browser: Browser;

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-start-'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    // `npm start` runs the server as its own child: end the whole group, so a failed test leaves nothing running.
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
    await browser.close();
    await cleanup();
  });

  it('says why in one line, serves the browser mode, opens the default browser on the address and prints it', async () => {
    const bin = path.join(dir, 'bin');
    const opened = path.join(dir, 'opened-url');
    await writeFakeOpeners(bin, opened);
    // Electron's download is sent to a closed local port, so it fails here as it does offline.
    const args = electronFetched ? ['--browser'] : [];
    child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs'), ...args], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`,
        SHOEBOX_LIBRARY: path.join(dir, 'library'),
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: path.join(dir, 'electron-cache'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

    const url = await waitFor('the printed address', () => /Shoebox is serving on (\S+)/.exec(output)?.[1] ?? '', 60_000);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
    const why = output.split('\n').filter((line) => line.startsWith('No Electron ('));
    expect(why).toHaveLength(1);
    expect(why[0]).toMatch(/starting Shoebox in your browser instead\.$/);
    expect(output).not.toMatch(/\n\s+at /);
    expect(await waitFor('the opener to be called', () => readFile(opened, 'utf8').catch(() => ''))).toBe(url);

    const page = await openPage(browser, url);
    await page.getByRole('heading', { name: 'Welcome to Shoebox' }).waitFor();
    const offline = page.getByRole('complementary', { name: 'Without internet access' });
    expect(await offline.textContent()).toMatch(/model import PATH.*SHOEBOX_MODEL_MIRROR/s);
    await page.getByRole('button', { name: /^Download / }).first().waitFor();
    await saveScreenshot(page, 'npm-start-browser-mode-light');
    expect(errorsOf(page)).toEqual([]);
    for (const [name, options] of [
      ['dark', { colorScheme: 'dark' }],
      ['200', { deviceScaleFactor: 2, viewport: { width: 640, height: 800 } }],
    ] as const) {
      const other = await openPage(browser, url, options);
      await other.getByRole('complementary', { name: 'Without internet access' }).waitFor();
      await saveScreenshot(other, `npm-start-browser-mode-${name}`);
    }

    // SIGTERM to `npm start` alone reaches the server, which closes the library and exits cleanly.
    const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve(`still running after 20 s:\n${output}`), 20_000));
    expect(await Promise.race([exited, timeout])).toBe(0);
    expect(output).toContain('SIGTERM: closing the server and the library');
  });
});
