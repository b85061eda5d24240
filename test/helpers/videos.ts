import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ffmpegPath, runBinary } from '../../src-main/core/video/ffmpeg-run.js';

/** Runs the registry's ffmpeg (the one Shoebox uses) to make a test video; throws with its message on failure. */
export async function ffmpeg(args: readonly string[], timeoutMs = 120_000): Promise<void> {
  const result = await runBinary(ffmpegPath(), ['-v', 'error', '-y', ...args], timeoutMs);
  if (result.code !== 0) throw new Error(`ffmpeg failed${result.timedOut ? ` (stopped after ${timeoutMs / 1000} s)` : ''}: ${result.stderr}`);
}

/** H.264 MP4 of solid colours in turn, `seconds` each: `colourClip(out, [['red', 3], ['blue', 3]])`. */
export async function colourClip(
  out: string,
  parts: readonly (readonly [string, number])[],
  options: { size?: string; metadata?: readonly string[]; rotate?: number; codec?: 'libx264' | 'libvpx-vp9' } = {},
): Promise<string> {
  await mkdir(path.dirname(out), { recursive: true });
  const size = options.size ?? '320x240';
  const inputs = parts.flatMap(([colour, seconds]) => ['-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:d=${seconds}:r=25`]);
  const concat = `${parts.map((_, i) => `[${i}]`).join('')}concat=n=${parts.length}:v=1:a=0`;
  // use_metadata_tags writes QuickTime keys such as com.apple.quicktime.creationdate as they are
  const metadata = (options.metadata ?? []).flatMap((m) => ['-metadata', m]).concat(options.metadata ? ['-movflags', 'use_metadata_tags'] : []);
  const encode = ['-filter_complex', concat, '-c:v', options.codec ?? 'libx264', '-pix_fmt', 'yuv420p', ...metadata];
  if (options.rotate === undefined) {
    await ffmpeg([...inputs, ...encode, out]);
    return out;
  }
  // a phone's rotation is a display matrix on the stream, written on a copy (not while encoding)
  const unrotated = out.replace(/(\.\w+)$/, '.unrotated$1');
  await ffmpeg([...inputs, ...encode, unrotated]);
  await ffmpeg(['-i', unrotated, '-c', 'copy', '-metadata:s:v:0', `rotate=${options.rotate}`, out]);
  return out;
}
