import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exposureSeconds } from '../../../src-main/core/library/exif-detail.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { corePerTest } from '../../helpers/core-per-test.js';
import { SHOT_EXIF } from '../../helpers/shot-exif.js';

describe('a photo\'s full EXIF', () => {
  const t = corePerTest();

  it('comes with the photo\'s detail: lens, aperture, shutter, ISO, focal length', async () => {
    const photos = path.join(t.dir, 'photos');
    await writePhoto(path.join(photos, 'shot.jpg'), COLOURS['red'] ?? [0, 0, 0], { takenAt: '2024:05:01 10:00:00', exif: SHOT_EXIF });
    await writePhoto(path.join(photos, 'plain.png'), COLOURS['blue'] ?? [0, 0, 0], { format: 'png' });
    await t.core.addRoot({ path: photos });
    await t.core.rescan({});
    const ids = new Map((await t.core.listPhotos({})).photos.map((p) => [path.basename(p.path), p.id]));

    const shot = await t.core.getPhoto({ id: ids.get('shot.jpg') ?? '' });
    expect(shot.exif).toEqual({
      make: 'Canon', model: 'Canon EOS R6', lens: 'RF24-105mm F4 L IS USM',
      aperture: 2.8, exposure: 0.004, iso: 400, focalLength: 50, focalLength35: 80,
    });
    const plain = await t.core.getPhoto({ id: ids.get('plain.png') ?? '' });
    expect(plain.exif).toMatchObject({ lens: null, aperture: null, exposure: null, iso: null, focalLength: null });
  });

  it('reads shutter times the ways ExifTool writes them', () => {
    expect(exposureSeconds('1/250')).toBe(0.004);
    expect(exposureSeconds('0.5')).toBe(0.5);
    expect(exposureSeconds(2)).toBe(2);
    expect(exposureSeconds('fast')).toBeNull();
    expect(exposureSeconds('1/0')).toBeNull();
  });
});
