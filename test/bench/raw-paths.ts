import './quiet-logs.js';
import path from 'node:path';
import { closeExiftool, exiftool } from '../../src-main/core/imaging/exiftool.js';
import { prepareImage } from '../../src-main/core/imaging/index.js';
import { readPhotoExif } from '../../src-main/core/library/exif.js';
import { readModelFolder } from '../../src-main/core/model/model-folder.js';
import { readRegularFile } from '../../src-main/core/util/regular-file.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { runMain, withTempDir } from './bench-env.js';
import { ensureRawSet } from './media-bench.js';

/**
 * `npx tsx test/bench/raw-paths.ts [ROUNDS]`: the media bench's RAW figure (prepare + EXIF, one 24 MP file after
 * another, best of ROUNDS) taken three ways side by side in one run: a RAW read whole first (what the decode path
 * did before a RAW was opened by its path), a RAW opened by its path (only the preview read), and the JPEG of the
 * same pixels. The tiny model's preprocessing is CLIP's (224 px, bicubic), so the decode path is the real one.
 */
runMain(async () => {
  const rounds = Number(process.argv[2] ?? 6);
  const { raws, jpegs } = await ensureRawSet(3);
  const spec = (await readModelFolder(await tinyModelDir())).preprocess;
  await exiftool().version();
  await withTempDir('shoebox-bench-raw-paths-', async (dir) => {
    const thumb = path.join(dir, 'thumb.jpg');
    const ways: [string, readonly string[], (file: string) => Promise<unknown>][] = [
      ['RAW, file read whole first (before)', raws, async (f) => {
        const bytes = await readRegularFile(f);
        return Promise.all([prepareImage(bytes, spec, { thumbnailPath: thumb, fileName: f }), readPhotoExif(f, bytes, 0)]);
      }],
      ['RAW, opened by its path (now)', raws, (f) => Promise.all([prepareImage(f, spec, { thumbnailPath: thumb }), readPhotoExif(f, new Uint8Array(0), 0)])],
      ['JPEG of the same pixels', jpegs, (f) => Promise.all([prepareImage(f, spec, { thumbnailPath: thumb }), readPhotoExif(f, new Uint8Array(0), 0)])],
    ];
    const best = new Map<string, number>();
    for (let round = 0; round < rounds; round++) {
      for (const [name, files, run] of ways) {
        const started = performance.now();
        for (const file of files) await run(file);
        best.set(name, Math.max(best.get(name) ?? 0, files.length / ((performance.now() - started) / 1000)));
      }
    }
    const jpeg = best.get('JPEG of the same pixels') ?? 1;
    for (const [name, rate] of best) console.log(`${name.padEnd(38)} ${rate.toFixed(2)} files/s = ${(rate / jpeg).toFixed(2)} × JPEG`);
  });
  await closeExiftool();
});
