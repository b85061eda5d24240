import { PassThrough } from 'node:stream';
import path from 'node:path';
import type { Core, CoreOptions } from '../../../src-main/core/core.js';
import { createCore } from '../../../src-main/core/create-core.js';
import { startServer, type RunningServer } from '../../../src-main/server/start-server.js';
import { terminalChooser } from '../../../src-main/server/terminal-chooser.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { tinyModelDir } from '../../helpers/tiny-model.js';
import { waitFor } from '../../helpers/wait-for.js';
import { writeE2ePhotos, type E2ePhotos } from './photo-library.js';
import { ensureRendererBuilt } from '../../../src-main/server/renderer-build.js';

export interface E2eApp {
  dir: string;
  core: Core;
  server: RunningServer;
  photos: E2ePhotos;
  close(): Promise<void>;
}

export interface AppOptions {
  /** add the photo folder and index it before the page opens (false: the first-run screen shows) */
  indexed: boolean;
  /** open the core with the tiny CLIP model (the default); false: no model, as on a new machine */
  model?: boolean;
  /** test-only timings of the core (CoreOptions.timings) */
  timings?: CoreOptions['timings'];
}

/**
 * The real thing, as `npm run serve` runs it: a core over a temp library with the tiny CLIP model,
 * watching its folders, served with the built UI on 127.0.0.1.
 */
export async function startApp(options: AppOptions): Promise<E2eApp> {
  const staticDir = await ensureRendererBuilt();
  const { dir, cleanup } = await makeTempDir('shoebox-e2e-');
  const photos = await writeE2ePhotos(path.join(dir, 'Photos'));
  const libraryDir = path.join(dir, 'library');
  const timings = options.timings ? { timings: options.timings } : {};
  const core = await createCore(
    options.model === false ? { libraryDir, watch: true, ...timings } : { libraryDir, modelDir: await tinyModelDir(), watch: true, ...timings },
  );
  // As `serve --allow <the test's folder>`: the page may add folders there ([Note: paths from the page]).
  const choosePath = terminalChooser({ allow: [dir], input: new PassThrough(), output: new PassThrough() });
  const server = await startServer({ core, staticDir, choosePath });
  if (options.indexed) {
    await core.addRoot({ path: photos.dir });
    await core.rescan({});
    await waitFor('the library to settle', async () => (await core.status({})).indexing.state === 'idle');
  }
  return {
    dir,
    core,
    server,
    photos,
    async close() {
      await server.close();
      await core.close();
      await cleanup();
    },
  };
}
