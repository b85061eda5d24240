import { it } from 'vitest';
import path from 'node:path';
import { createCore } from '../src-main/core/create-core.js';
import { makeTempDir } from '../test/helpers/temp-dir.js';
import { tinyModelDir } from '../test/helpers/tiny-model.js';
import { SHADES, writeMixedPhoto } from '../test/core/albums/mixed-photos.js';

it('geometry', async () => {
  const { dir } = await makeTempDir();
  const photos = path.join(dir, 'p');
  const specs: [string, string, number][] = [];
  for (const other of ['orange', 'pink', 'purple', 'blue']) for (const share of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]) specs.push(['red', other, share]);
  specs.push(['orange', 'orange', 1], ['pink', 'pink', 1], ['purple','purple',1]);
  let seed = 1;
  for (const [a, b, s] of specs) await writeMixedPhoto(path.join(photos, `${a}-${b}-${s}-${seed}.png`), SHADES[a]!, SHADES[b]!, s, seed++);
  const core = await createCore({ libraryDir: path.join(dir, 'lib'), modelDir: await tinyModelDir() });
  await core.addRoot({ path: photos });
  await core.rescan({});
  const preview = await core.previewAlbum({ prompts: ['red'] });
  console.log('suggested', preview.suggestedThreshold, preview.min, preview.max);
  const album = await core.createAlbum({ name: 'x', prompts: ['red'], threshold: -1 });
  const page = await core.albumPhotos({ albumId: album.id, limit: 1000 });
  for (const p of page.photos.sort((a,b)=>(b.score??0)-(a.score??0))) console.log(path.basename(p.path), p.score?.toFixed(3));
  await core.close();
});
