import path from 'node:path';
import { parseArgs } from 'node:util';
import { toErrorPayload } from '../contract/errors.js';
import type { Core, CoreOptions } from '../core/core.js';
import { createCore } from '../core/create-core.js';
import { defaultLibraryDir } from '../core/library-location.js';
import { openInBrowser } from './open-browser.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { startServer, type RunningServer } from './start-server.js';
import { terminalChooser } from './terminal-chooser.js';

const USAGE = 'Usage: npm run serve -- [--library DIR] [--model DIR] [--port N] [--folder DIR ...] [--allow DIR ...] [--open]';

interface ServeOptions {
  core: CoreOptions;
  port: number;
  folders: string[];
  /** open the person's default browser on the address */
  open: boolean;
  /** folders under which the page may add library or mirror folders without asking in the terminal */
  allow: string[];
}

class UsageError extends Error {}

function readPort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UsageError(`--port ${text} is not a port number.`);
  return port;
}

function readOptions(argv: string[]): ServeOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        library: { type: 'string' },
        model: { type: 'string' },
        port: { type: 'string' },
        folder: { type: 'string', multiple: true },
        open: { type: 'boolean' },
        allow: { type: 'string', multiple: true },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const core: CoreOptions = {
    libraryDir: values.library === undefined ? defaultLibraryDir() : path.resolve(values.library),
    watch: true,
    searchSoon: true,
    owner: 'shoebox serve',
  };
  if (values.model !== undefined) core.modelDir = path.resolve(values.model);
  const resolve = (list: string[] | undefined): string[] => (list ?? []).map((f) => path.resolve(f));
  return {
    core,
    port: readPort(values.port),
    folders: resolve(values.folder),
    allow: resolve(values.allow),
    open: values.open === true,
  };
}

/** Adding a folder the library already has is a no-op, so the same command can be run again. */
async function addFolders(core: Core, folders: string[]): Promise<void> {
  for (const folder of folders) await core.addRoot({ path: folder });
}

function closeOnSignals(server: RunningServer, core: Core): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      console.error(`${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    console.error(`${signal}: closing the server and the library…`);
    void server
      .close()
      .then(() => core.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** The built UI, built first when missing or out of date; without it (no vite here) the API alone is served. */
async function builtUi(): Promise<string | undefined> {
  try {
    return await ensureRendererBuilt((reason) => {
      console.error(reason === 'missing' ? 'Building the UI (first run)…' : 'Building the UI (its sources changed)…');
    });
  } catch (error) {
    const { message } = toErrorPayload(error);
    console.error(`The UI could not be built (${message}). Serving the API only.`);
    return undefined;
  }
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const staticDir = await builtUi();
  const core = await createCore(options.core);
  try {
    await addFolders(core, options.folders);
    const choosePath = terminalChooser({ allow: options.allow, input: process.stdin, output: process.stderr });
    const server = await startServer({
      core,
      host: '127.0.0.1',
      port: options.port,
      choosePath,
      ...(staticDir === undefined ? {} : { staticDir }),
    });
    closeOnSignals(server, core);
    // CLI commands find this server in the library lock and work through it: [Note: one writer per library].
    await core.announce({ url: `http://127.0.0.1:${server.port}`, token: server.localToken });
    console.log(`Shoebox library ${options.core.libraryDir}`);
    console.log(`Shoebox is serving on ${server.url}`);
    if (options.open && !(await openInBrowser(server.url))) {
      console.log('No browser could be opened from here: open the address above in one.');
    }
  } catch (error) {
    await core.close();
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  const { code, message } = toErrorPayload(error);
  console.error(`shoebox serve failed: ${code}: ${message}`);
  process.exit(1);
});
