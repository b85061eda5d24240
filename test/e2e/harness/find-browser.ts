import { access, constants, stat } from 'node:fs/promises';
import type { LaunchOptions } from 'playwright-core';

/**
 * [Note: the e2e browser]
 * The end-to-end tests need a Chromium, and `npm test` on a fresh machine must find one without
 * apt-get. In order: `SHOEBOX_BROWSER` (a path), a Chromium/Chrome/Edge installed where the OS puts
 * it, Playwright's `chrome`/`msedge` channels on macOS and Windows, and on Linux x64 the Chromium
 * that the `@sparticuz/chromium` devDependency carries inside its npm package (unpacked into the
 * temp folder on first use, about 3 s). No browser is a failure with one line that says how to get
 * one, never a skip.
 */
export interface FoundBrowser {
  /** what to hand to `chromium.launch`, besides the common flags */
  launch: Pick<LaunchOptions, 'executablePath' | 'channel'>;
  /** where it came from, for messages */
  source: string;
}

const LINUX_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/microsoft-edge',
  '/snap/bin/chromium',
];

const MAC_PATHS = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
];

export const NO_BROWSER_HINT =
  'No Chromium, Chrome or Edge found for the end-to-end tests: install one, or set SHOEBOX_BROWSER to its executable (on Linux x64, `npm install` brings one with @sparticuz/chromium).';

async function isExecutable(path: string): Promise<boolean> {
  try {
    // A folder passes the X_OK check too; only a file can be launched.
    if (!(await stat(path)).isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function bundledChromium(): Promise<string | undefined> {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } catch {
    return undefined;
  }
}

let found: Promise<FoundBrowser> | undefined;

/** The browser the e2e tests drive; looked up once per process. */
export function findBrowser(): Promise<FoundBrowser> {
  found ??= lookUpBrowser(process.env);
  return found;
}

/** One look-up in the order of [Note: the e2e browser], uncached. */
export async function lookUpBrowser(env: NodeJS.ProcessEnv): Promise<FoundBrowser> {
  const explicit = env['SHOEBOX_BROWSER'];
  if (explicit !== undefined && explicit !== '') {
    if (await isExecutable(explicit)) return { launch: { executablePath: explicit }, source: `SHOEBOX_BROWSER (${explicit})` };
    throw new Error(`SHOEBOX_BROWSER is set to ${explicit}, which is not an executable file. ${NO_BROWSER_HINT}`);
  }
  const candidates = process.platform === 'linux' ? LINUX_PATHS : process.platform === 'darwin' ? MAC_PATHS : [];
  for (const path of candidates) {
    if (await isExecutable(path)) return { launch: { executablePath: path }, source: path };
  }
  if (process.platform === 'darwin' || process.platform === 'win32') {
    // Playwright resolves the installed Chrome or Edge by channel (registry and Program Files on Windows).
    return { launch: { channel: 'chrome' }, source: 'the installed Google Chrome (Playwright channel "chrome")' };
  }
  const bundled = await bundledChromium();
  if (bundled !== undefined) return { launch: { executablePath: bundled }, source: `@sparticuz/chromium (${bundled})` };
  throw new Error(NO_BROWSER_HINT);
}
