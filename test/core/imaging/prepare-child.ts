import { readFile } from 'node:fs/promises';
import { prepareImage } from '../../../src-main/core/imaging/prepare-image.js';
import { CLIP_SPEC } from './images.js';

/**
 * Prepares one photo in a process of its own and reports its size and the process's peak RSS, so a test
 * can see what decoding it costs in memory: `prepare-child.ts <photo> <thumbnail>`.
 */
const [file, thumbnailPath] = process.argv.slice(2);
if (file === undefined || thumbnailPath === undefined) throw new Error('usage: prepare-child.ts <photo> <thumbnail>');
const mb = (): number => process.resourceUsage().maxRSS / 1024;
const bytes = await readFile(file);
const beforeMb = mb();
const started = performance.now();
const prepared = await prepareImage(bytes, CLIP_SPEC, { fileName: file, thumbnailPath });
process.stdout.write(
  JSON.stringify({
    width: prepared.width,
    height: prepared.height,
    tensorLength: prepared.tensor.length,
    fileMb: bytes.length / 2 ** 20,
    beforeMb,
    peakMb: mb(),
    ms: performance.now() - started,
  }),
);
