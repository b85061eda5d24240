import os from 'node:os';
import path from 'node:path';

/** The per-user application-data folder of each OS; `SHOEBOX_LIBRARY` overrides it. */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const override = env['SHOEBOX_LIBRARY'];
  if (override !== undefined && override !== '') return path.resolve(override);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'Shoebox');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Shoebox');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'shoebox');
}
