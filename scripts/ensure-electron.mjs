// npm start needs Electron's binary, which `npm install` does not fetch (see README). Fetch it once here.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const electronDir = path.dirname(require.resolve('electron/package.json'));
if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log('Downloading Electron (first start only)…');
  const result = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      '\nElectron could not be downloaded (are you offline?). Shoebox also runs in your browser:\n' +
        '  npm run serve -- --folder ~/Pictures\n',
    );
    process.exit(1);
  }
}
