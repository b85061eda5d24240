import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { corePerTest } from '../../helpers/core-per-test.js';
import { colourClip, ffmpeg } from '../../helpers/videos.js';

describe('searching videos by their moments', () => {
  const t = corePerTest();

  it('finds the red-then-blue clip for "blue" at about 3 s, and for "red" at 0 s', async () => {
    const media = path.join(t.dir, 'media');
    const clip = await colourClip(path.join(media, 'clip.mp4'), [['red', 3], ['blue', 3]], {
      metadata: ['com.apple.quicktime.creationdate=2023-07-14T18:30:05+0200'],
    });
    await writePhoto(path.join(media, 'green.jpg'), COLOURS['green'] ?? [0, 0, 0]);
    await writePhoto(path.join(media, 'yellow.jpg'), COLOURS['yellow'] ?? [0, 0, 0]);
    await t.core.addRoot({ path: media });
    expect(await t.core.rescan({})).toMatchObject({ indexed: 3, failed: [] });

    const blue = await t.core.search({ text: 'blue', limit: 3 });
    expect(blue.hits[0]).toMatchObject({ path: clip, format: 'video' });
    expect(blue.hits[0]?.moment).toBeCloseTo(3, 0);
    const red = await t.core.search({ text: 'red', limit: 3 });
    expect(red.hits[0]).toMatchObject({ path: clip, moment: 0 });

    const detail = await t.core.getPhoto({ id: blue.hits[0]?.id ?? '' });
    expect(detail).toMatchObject({ format: 'video', width: 320, height: 240, takenAt: '2023-07-14T16:30:05.000Z' });
    expect(detail.video).toMatchObject({ codec: 'h264', moments: [0, 3] });
    expect(detail.video?.duration).toBeCloseTo(6, 0);
  });

  it('lists a video with no video stream and a cut one as failures with codes, and indexes the rest', async () => {
    const media = path.join(t.dir, 'media');
    await colourClip(path.join(media, 'fine.mov'), [['blue', 1]]);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(media, 'broken.mp4'), Buffer.from('ftypisom but nothing after it'));
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'aac', path.join(media, 'memo.m4v')]);
    await t.core.addRoot({ path: media });
    const summary = await t.core.rescan({});
    expect(summary.indexed).toBe(1);
    const failed = summary.failed.map((f) => [path.basename(f.path), f.code]).sort();
    expect(failed).toEqual([
      ['broken.mp4', expect.stringMatching(/DECODE_FAILED|FILE_TRUNCATED/)],
      ['memo.m4v', 'UNSUPPORTED_FORMAT'],
    ]);
  });
});
