import { it } from 'vitest';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createCore } from '../../../../src-main/core/create-core.js';
import { makeTempDir } from '../../../helpers/temp-dir.js';
import { tinyModelDir } from '../../../helpers/tiny-model.js';
import { writePhoto } from '../../../helpers/photos.js';

it('copy', async () => {
  const { dir } = await makeTempDir();
  const photos = path.join(dir, 'p');
  const a = await writePhoto(path.join(photos, 'a.jpg'), [200, 10, 10]);
  await writePhoto(path.join(photos, 'b.jpg'), [10, 10, 200]);
  await mkdir(path.join(photos, 'copies'));
  await copyFile(a, path.join(photos, 'copies', 'a.jpg'));
  const core = await createCore({ libraryDir: path.join(dir, 'lib'), modelDir: await tinyModelDir() });
  await core.addRoot({ path: photos });
  console.log(JSON.stringify(await core.rescan({})));
  console.log((await core.listPhotos({})).photos.map((p) => [p.id, p.path]));
  console.log(JSON.stringify(await core.rescan({})));
  console.log((await core.listPhotos({})).photos.map((p) => [p.id, p.path]));
  await core.close();
});
