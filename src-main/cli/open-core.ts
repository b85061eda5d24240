import os from 'node:os';
import path from 'node:path';
import { createCore } from '../core/create-core.js';
import type { Core, CoreOptions } from '../core/core.js';
import { APP_OWNER, describeOwner, LibraryLockedError, readLibraryOwner } from '../core/library-lock.js';
import { defaultLibraryDir } from '../core/library-location.js';
import { intFlag, stringFlag, type ParsedArgs } from './args.js';
import { openRemoteCore } from './remote-core.js';

/** What runCli is running (`shoebox index`) and where it tells the person that it waits. */
const context = {
  command: 'shoebox',
  notify: (text: string): void => {
    process.stderr.write(`${text}\n`);
  },
};

export function setCliContext(command: string, notify: (text: string) => void): void {
  context.command = command;
  context.notify = notify;
}

const LOCK_POLL_MS = 250;

/** The flags every library command shares: --library, --model, --batch, --threads, --provider. */
export const CORE_FLAGS = ['library', 'model', 'batch', 'threads', 'provider', 'decoders'];

export function coreOptionsFrom(args: ParsedArgs, extra: Partial<CoreOptions> = {}): CoreOptions {
  const options: CoreOptions = { libraryDir: stringFlag(args, 'library') ?? defaultLibraryDir(), ...extra };
  const model = stringFlag(args, 'model');
  if (model !== undefined) options.modelDir = model;
  const provider = stringFlag(args, 'provider');
  if (provider !== undefined) options.provider = provider;
  if (args.flags.has('batch')) options.batchSize = intFlag(args, 'batch', 8);
  if (args.flags.has('threads')) options.threads = intFlag(args, 'threads', 2);
  if (args.flags.has('decoders')) options.decodeConcurrency = intFlag(args, 'decoders', 3);
  return options;
}

/**
 * Test-only timings for tests that run the CLI as a process (CoreOptions.timings): the one place they are read
 * from the environment. Unset, the core keeps its own.
 */
export function testTimings(env: NodeJS.ProcessEnv): Pick<CoreOptions, 'timings'> {
  const stable = env['SHOEBOX_WRITE_STABLE_MS'];
  const pause = env['SHOEBOX_TEST_SLOW_FILE_ACTIONS_MS'];
  const settle = env['SHOEBOX_IMPORT_SETTLE_MS'];
  const sidecars = env['SHOEBOX_TEST_SLOW_SIDECARS_MS'];
  const indexMinRows = env['SHOEBOX_TEST_INDEX_MIN_ROWS'];
  if (stable === undefined && pause === undefined && settle === undefined && sidecars === undefined && indexMinRows === undefined) return {};
  return {
    timings: {
      ...(stable === undefined ? {} : { writeStableMs: Number(stable) }),
      ...(pause === undefined ? {} : { fileActionPauseMs: () => Number(pause) }),
      ...(settle === undefined ? {} : { importSettleMs: Number(settle) }),
      ...(sidecars === undefined ? {} : { sidecarPauseMs: Number(sidecars) }),
      ...(indexMinRows === undefined ? {} : { indexMinRows: Number(indexMinRows) }),
    },
  };
}

/**
 * Opens the library for one command, whatever holds it ([Note: one writer per library]): nobody → this process
 * takes the lock and opens the library itself; an owner that serves the API (`serve`, `watch`) → the command
 * works through it; another command on this machine → wait until it is done (one writer at a time, never
 * interleaved); the app, or a process on another machine → refuse, naming it.
 */
export async function openCore(options: CoreOptions): Promise<Core> {
  const libraryDir = path.resolve(options.libraryDir);
  let waitingFor: string | null = null;
  for (;;) {
    const owner = await readLibraryOwner(libraryDir);
    if (owner?.endpoint !== undefined) return openRemoteCore(owner, owner.endpoint);
    try {
      return await createCore({ ...options, owner: options.owner ?? context.command, ...testTimings(process.env) });
    } catch (error) {
      if (!(error instanceof LibraryLockedError)) throw error;
      if (error.owner.endpoint !== undefined) continue;
      if (error.owner.command === APP_OWNER || error.owner.host !== os.hostname()) throw error;
      const who = describeOwner(error.owner);
      if (waitingFor !== who) context.notify(`shoebox: waiting for ${who} to finish with this library…`);
      waitingFor = who;
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
}

export async function withCore<T>(options: CoreOptions, use: (core: Core) => Promise<T>): Promise<T> {
  const core = await openCore(options);
  try {
    return await use(core);
  } finally {
    await core.close();
  }
}
