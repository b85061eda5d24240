// `npm start`: the desktop app when Electron's binary is there or can be fetched; otherwise (offline, a
// machine where Electron cannot run) the same app in the person's browser, with one line saying why.
// `npm start -- --browser` asks for the browser mode; other arguments go to it (`--folder DIR`, `--port N`…).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const wantsBrowser = args.includes('--browser');
const serveArgs = args.filter((arg) => arg !== '--browser');

let current = null;
// Ctrl-C reaches the whole process group, the child included, so this process only waits for it; a SIGTERM
// or SIGHUP sent to this process alone is passed on, so that the app closes its library properly.
process.on('SIGINT', () => {});
for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => current?.kill(signal));

/** Runs a child attached to this terminal and resolves with its exit status. */
function run(command, commandArgs) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
    current = child;
    child.once('error', (error) => {
      console.error(error.message);
      resolve(1);
    });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

const missing = wantsBrowser ? 'asked for with --browser' : ensureElectronBinary();
let status;
if (missing === null) {
  // The package does not export its bin file; its folder is found through package.json, which it does export.
  const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  status = await run(process.execPath, [electronVite, 'build']);
  if (status === 0) status = await run(process.execPath, [electronVite, 'preview']);
} else {
  console.log(`No Electron (${missing}): starting Shoebox in your browser instead.`);
  status = await run(process.execPath, ['--import', 'tsx', path.join(root, 'src-main/server/main.ts'), '--open', ...serveArgs]);
}
process.exit(status);
