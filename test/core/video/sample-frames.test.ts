import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { sampleFrames } from '../../../src-main/core/video/sample-frames.js';
import { probeVideo } from '../../../src-main/core/video/video-probe.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { colourClip, ffmpeg } from '../../helpers/videos.js';

const rgbAt = (data: Buffer, width: number, x: number, y: number): number[] => [...data.subarray((y * width + x) * 3, (y * width + x) * 3 + 3)];

async function failure(work: Promise<unknown>): Promise<AppError> {
  const error = await work.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw error;
  return error;
}

describe('video moments', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const inTemp = (name: string): string => path.join(temp.dir, name);
  beforeAll(async () => {
    temp = await makeTempDir();
  });
  afterAll(() => temp.cleanup());

  it('probes duration, codec, size and the QuickTime creation date with its zone', async () => {
    const file = await colourClip(inTemp('dated.mov'), [['green', 2]], {
      metadata: ['com.apple.quicktime.creationdate=2023-07-14T18:30:05+0200'],
    });
    const info = await probeVideo(file);
    expect(info).toMatchObject({ codec: 'h264', width: 320, height: 240, offset: '+02:00' });
    expect(info.duration).toBeCloseTo(2, 0);
    expect(info.takenAt).toBe(Date.parse('2023-07-14T16:30:05Z'));
  });

  it('keeps the first frame and each scene change, with its time: red at 0 s, blue at 3 s', async () => {
    const file = await colourClip(inTemp('red-blue.mp4'), [['red', 3], ['blue', 3]]);
    const frames = await sampleFrames(file, await probeVideo(file));
    expect(frames.map((f) => f.time)).toEqual([0, 3]);
    const [first, second] = frames;
    expect(rgbAt(first?.data ?? Buffer.alloc(0), 320, 10, 10)[0]).toBeGreaterThan(200);
    expect(rgbAt(second?.data ?? Buffer.alloc(0), 320, 10, 10)[2]).toBeGreaterThan(200);
  });

  it('gives a short clip one frame, a long still shot one every 20 s, and turns a rotated phone video upright', async () => {
    const short = await colourClip(inTemp('short.mp4'), [['yellow', 0.4]]);
    expect((await sampleFrames(short, await probeVideo(short))).map((f) => f.time)).toEqual([0]);
    const still = await colourClip(inTemp('still.mp4'), [['gray', 50]], { size: '64x48' });
    expect((await sampleFrames(still, await probeVideo(still))).map((f) => f.time)).toEqual([0, 20, 40]);
    const portrait = await colourClip(inTemp('portrait.mp4'), [['red', 1]], { rotate: 90 });
    const info = await probeVideo(portrait);
    expect([info.width, info.height]).toEqual([240, 320]);
    const [frame] = await sampleFrames(portrait, info);
    expect([frame?.width, frame?.height]).toEqual([240, 320]);
  });

  it('names a video cut short, one with no video stream, and one that is not a video; never hangs', async () => {
    const full = inTemp('full.mp4');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=s=640x480:d=4:r=25', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', full]);
    const bytes = await readFile(full);
    await writeFile(inTemp('cut.mp4'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    const cut = await failure(probeVideo(inTemp('cut.mp4')));
    expect(cut.code).toBe('FILE_TRUNCATED');
    expect(cut.message).toContain(inTemp('cut.mp4'));

    await ffmpeg(['-f', 'lavfi', '-i', 'sine=d=2', '-c:a', 'aac', inTemp('voice-memo.m4v')]);
    const audio = await failure(probeVideo(inTemp('voice-memo.m4v')));
    expect(audio.code).toBe('UNSUPPORTED_FORMAT');
    expect(audio.message).toMatch(/no video stream \(audio\)/);

    await writeFile(inTemp('notes.mp4'), 'not a video at all\n');
    expect((await failure(probeVideo(inTemp('notes.mp4')))).code).toMatch(/DECODE_FAILED|FILE_TRUNCATED/);
  });
});
