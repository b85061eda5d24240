import { createCore } from '../core/create-core.js';
import type { Core, CoreOptions } from '../core/core.js';
import { defaultLibraryDir } from '../core/library-location.js';
import { intFlag, stringFlag, type ParsedArgs } from './args.js';

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

export async function withCore<T>(options: CoreOptions, use: (core: Core) => Promise<T>): Promise<T> {
  const core = await createCore(options);
  try {
    return await use(core);
  } finally {
    await core.close();
  }
}
