import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exiftool } from '../../../src-main/core/imaging/exiftool.js';
import { COLOURS, writePhoto } from '../../helpers/photos.js';
import { corePerTest } from '../../helpers/core-per-test.js';
import { colourClip } from '../../helpers/videos.js';

describe('Live Photos', () => {
  const t = corePerTest();

  it('are one photo whose motion the viewer can play; a MOV of another name is a video of its own', async () => {
    const phone = path.join(t.dir, 'iphone');
    const still = await writePhoto(path.join(phone, 'IMG_0005.JPG'), COLOURS['red'] ?? [0, 0, 0]);
    const motion = await colourClip(path.join(phone, 'IMG_0005.MOV'), [['red', 1.5]], {
      metadata: ['com.apple.quicktime.content.identifier=6F1A2C4E-0000-4000-8000-00000000A001'],
    });
    expect(await exiftool().read(motion)).toMatchObject({ ContentIdentifier: '6F1A2C4E-0000-4000-8000-00000000A001' });
    await colourClip(path.join(phone, 'IMG_0006.MOV'), [['blue', 1]]);
    await t.core.addRoot({ path: phone });
    expect(await t.core.rescan({})).toMatchObject({ indexed: 2, failed: [] });
    const items = (await t.core.listPhotos({})).photos.map((p) => path.basename(p.path)).sort();
    expect(items).toEqual(['IMG_0005.JPG', 'IMG_0006.MOV']);

    const photo = (await t.core.listPhotos({})).photos.find((p) => p.path === still);
    const detail = await t.core.getPhoto({ id: photo?.id ?? '' });
    expect(detail).toMatchObject({ format: 'jpeg', companions: [motion], motion: `${photo?.id ?? ''}__motion` });
    expect(await t.core.originalFile(detail.motion ?? '')).toEqual({ path: motion, mime: 'video/quicktime' });
    await expect(t.core.originalFile(`${(await t.core.listPhotos({})).photos.find((p) => p.path !== still)?.id ?? ''}__motion`)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
