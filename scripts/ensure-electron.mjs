// `npm run dev` needs Electron's binary; fetch it once here (see electron-binary.mjs).
import { ensureElectronBinary } from './electron-binary.mjs';

const missing = ensureElectronBinary();
if (missing !== null) {
  console.error(`Electron could not be downloaded (${missing}). \`npm start\` runs Shoebox in your browser instead.`);
  process.exit(1);
}
