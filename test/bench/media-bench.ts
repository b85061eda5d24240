import { copyFile, link, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { prepareImage } from '../../src-main/core/imaging/index.js';
import { readPhotoExif } from '../../src-main/core/library/exif.js';
import { readModelFolder } from '../../src-main/core/model/model-folder.js';
import { writeDng } from '../helpers/dng.js';
import { ffmpeg } from '../helpers/videos.js';
import { texturedJpeg } from '../core/imaging/images.js';
import { CACHE_DIR, progress, runChild, withTempDir } from './bench-env.js';
import type { MediaIndexResult, VideoCostResult } from './media-child.js';
import type { RawIndexResult } from './raw-index-child.js';

/**
 * The issue's media figures, each measured side by side in one run:
 * - RAW against JPEG of the same pixel count, the user's way: a folder of 24 MP DNGs that carry a full-size
 *   JPEG preview, as Nikon's and Canon's RAWs do, against a folder of those same pictures as JPEG files, each
 *   indexed by the real core into a fresh library (`raw-index-child.ts`); and the decode path alone (prepare +
 *   EXIF, one file after another), which leaves out the hash, inference and writing;
 * - a minute of 1080p video: Shoebox's whole video path against ffmpeg alone extracting the same frames;
 * - peak RSS of a process indexing a 200 MP JPEG with the fp32 model.
 */
export interface MediaResults {
  raw: { rawPerSecond: number; jpegPerSecond: number; files: number };
  rawIndexing: RawIndexResult;
  video: VideoCostResult;
  large: MediaIndexResult;
}

const MEDIA_DIR = path.join(CACHE_DIR, 'media-v1');

export async function ensureRawSet(count: number): Promise<{ raws: string[]; jpegs: string[] }> {
  const dir = path.join(MEDIA_DIR, 'raw');
  await mkdir(dir, { recursive: true });
  const raws: string[] = [];
  const jpegs: string[] = [];
  for (let i = 0; i < count; i++) {
    const raw = path.join(dir, `DSC_${i}.dng`);
    const jpeg = path.join(dir, `DSC_${i}-same-pixels.jpg`);
    if (!existsSync(raw) || !existsSync(jpeg)) {
      progress(`making 24 MP DNG ${i + 1} of ${count}`);
      const { data } = await sharp(await texturedJpeg(6000, 4000, i + 1)).raw().toBuffer({ resolveWithObject: true });
      await sharp(data, { raw: { width: 6000, height: 4000, channels: 3 } }).jpeg({ quality: 90 }).toFile(jpeg);
      await writeFile(`${raw}.part`, await writeDng({ rgb: data, width: 6000, height: 4000, previewSize: 6000 }));
      await rename(`${raw}.part`, raw);
    }
    raws.push(raw);
    jpegs.push(jpeg);
  }
  return { raws, jpegs };
}

/** RAW files here, in a folder of their own, and their JPEGs in another, under the same base names (hard links). */
export async function indexFolders(count: number): Promise<{ rawDir: string; jpegDir: string }> {
  const { raws, jpegs } = await ensureRawSet(count);
  const rawDir = path.join(MEDIA_DIR, `index-raw-${count}`);
  const jpegDir = path.join(MEDIA_DIR, `index-jpeg-${count}`);
  for (const [dir, files, ext] of [[rawDir, raws, '.dng'], [jpegDir, jpegs, '.jpg']] as const) {
    if (existsSync(dir) && (await readdir(dir)).length === count) continue;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    for (const [i, file] of files.entries()) {
      const target = path.join(dir, `DSC_${i}${ext}`);
      await link(file, target).catch(() => copyFile(file, target));
    }
  }
  return { rawDir, jpegDir };
}

async function perSecond(files: readonly string[], modelDir: string): Promise<number> {
  const spec = (await readModelFolder(modelDir)).preprocess;
  return withTempDir('shoebox-bench-raw-', async (dir) => {
    const started = performance.now();
    for (const [i, file] of files.entries()) {
      await Promise.all([
        prepareImage(file, spec, { thumbnailPath: path.join(dir, `${i}.jpg`) }),
        readPhotoExif(file, Buffer.alloc(0), 0),
      ]);
    }
    return files.length / ((performance.now() - started) / 1000);
  });
}

async function ensureVideo(): Promise<string> {
  const file = path.join(MEDIA_DIR, 'minute-1080p.mp4');
  if (existsSync(file)) return file;
  progress('making a minute of 1080p video with cuts');
  await mkdir(MEDIA_DIR, { recursive: true });
  // moving test patterns with a cut every 10 s: what scene detection has to find
  const parts = ['testsrc2', 'smptebars', 'testsrc', 'rgbtestsrc', 'smptehdbars', 'yuvtestsrc'];
  const inputs = parts.flatMap((p) => ['-f', 'lavfi', '-i', `${p}=s=1920x1080:r=30:d=10`]);
  // ultrafast: the file only has to be real 1080p H.264; making it must not take minutes on a busy machine
  const chain = `${parts.map((_, i) => `[${i}]format=yuv420p,setsar=1[v${i}]`).join(';')};${parts.map((_, i) => `[v${i}]`).join('')}concat=n=${parts.length}:v=1:a=0`;
  await ffmpeg([...inputs, '-filter_complex', chain, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', `${file}.part.mp4`], 900_000);
  // renamed only once whole: a run stopped half-way must not leave a cut file in the cache
  await rename(`${file}.part.mp4`, file);
  return file;
}

async function ensureLargePhoto(): Promise<string> {
  const dir = path.join(MEDIA_DIR, 'large');
  const file = path.join(dir, 'panorama-200mp.jpg');
  if (existsSync(file)) return dir;
  await mkdir(dir, { recursive: true });
  progress('making a 200 MP JPEG');
  const small = await texturedJpeg(16332 / 4, 12248 / 4);
  await sharp(small).resize(16332, 12248, { kernel: 'nearest' }).jpeg({ quality: 85, optimiseCoding: false }).toFile(`${file}.part`);
  await rename(`${file}.part`, file);
  return dir;
}

/** Files per folder for the whole-indexing figure: two batches of eight, so decoding overlaps inference. */
export const INDEX_FILES = 16;

export async function measureMedia(modelDir: string, warmupDir: string, quick: boolean): Promise<MediaResults> {
  const { rawDir, jpegDir } = await indexFolders(INDEX_FILES);
  const rawIndexing = await runChild<RawIndexResult>('raw-index-child.ts', [modelDir, warmupDir, String(quick ? 2 : 3), rawDir, jpegDir]);
  progress(`indexing RAW ${rawIndexing.rawPerSecond.toFixed(2)}/s against JPEG ${rawIndexing.jpegPerSecond.toFixed(2)}/s of the same 24 MP`);
  const { raws, jpegs } = await ensureRawSet(quick ? 3 : 6);
  let rawPerSecond = 0;
  let jpegPerSecond = 0;
  for (let round = 0; round < 2; round++) {
    rawPerSecond = Math.max(rawPerSecond, await perSecond(raws, modelDir));
    jpegPerSecond = Math.max(jpegPerSecond, await perSecond(jpegs, modelDir));
  }
  progress(`RAW ${rawPerSecond.toFixed(2)}/s against JPEG ${jpegPerSecond.toFixed(2)}/s of the same 24 MP`);
  const video = await runChild<VideoCostResult>('media-child.ts', ['video', await ensureVideo(), modelDir]);
  progress(`a minute of 1080p: ffmpeg alone ${video.ffmpegMs.toFixed(0)} ms, Shoebox ${video.pipelineMs.toFixed(0)} ms, ${video.frames} frames`);
  const largeDir = await ensureLargePhoto();
  const large = await runChild<MediaIndexResult>('media-child.ts', ['index', largeDir, modelDir]);
  // the child's library lands beside the folder; only the photo stays in the cache
  for (const name of await readdir(MEDIA_DIR)) if (name.startsWith('library-')) await import('node:fs/promises').then((fs) => fs.rm(path.join(MEDIA_DIR, name), { recursive: true, force: true }));
  progress(`indexing a 200 MP JPEG: peak RSS ${large.peakRssMb.toFixed(0)} MB`);
  return { raw: { rawPerSecond, jpegPerSecond, files: raws.length }, rawIndexing, video, large };
}
