// Electron's binary is not fetched by `npm install` (allowScripts in package.json; see README).
// `npm start` and `npm run dev` fetch it the first time; this says whether that worked.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Returns null when Electron's binary is there (fetched now or before), else the reason in a few words. */
export function ensureElectronBinary() {
  const electronDir = path.dirname(require.resolve('electron/package.json'));
  if (existsSync(path.join(electronDir, 'path.txt'))) return null;
  console.log('Downloading Electron (first start only)…');
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { encoding: 'utf8' });
  if (result.status === 0 && existsSync(path.join(electronDir, 'path.txt'))) return null;
  // The installer's first line names the cause ("RequestError: getaddrinfo ENOTFOUND github.com"); the stack is left out.
  const firstLine = `${result.stderr ?? ''}${result.stdout ?? ''}`.split('\n').find((line) => line.trim() !== '');
  const reason = firstLine?.trim().replace(/^\w*Error: /, '');
  return reason ?? result.error?.message ?? `the installer exited with ${result.status}`;
}
