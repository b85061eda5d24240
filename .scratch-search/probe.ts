import path from 'node:path';
import { tmpdir } from 'node:os';
import { loadClipModel } from '../src-main/core/model/clip-model.js';
import { preprocessImage } from '../src-main/core/imaging/index.js';
import { writePhoto } from '../test/helpers/photos.js';
import { tinyModelDir } from '../test/helpers/tiny-model.js';
const model = await loadClipModel(await tinyModelDir(), { provider: 'cpu' } as never);
const texts = ['red', 'dark', 'bright', 'yellow', 'a photo', 'sunset'];
const tv = await model.embedTexts(texts);
const shades: Record<string, [number, number, number]> = { dred2: [90, 10, 10], dred3: [100, 12, 12], darkblue: [20, 25, 80], darkblue2: [25, 35, 100], darkgray: [50, 50, 50], darkgreen: [15, 60, 20] };
for (const [name, rgb] of Object.entries(shades)) {
  const f = await writePhoto(path.join(tmpdir(), 'probe', `${name}.jpg`), rgb, { seed: 3 });
  const [v] = await model.embedImages(await preprocessImage(f, model.info.preprocess), 1);
  console.log(name.padEnd(10), texts.map((t, i) => `${t}:${tv[i]!.reduce((s, x, j) => s + x * v![j]!, 0).toFixed(3)}`).join('  '));
}
await model.dispose();
