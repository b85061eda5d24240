import { boolFlag, parseArgs, rejectUnknown } from '../args.js';
import { EXIT, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';

export const statusCommand: Command = {
  summary: 'counts, failures and the model of a library',
  usage: 'shoebox status [--library DIR] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json']);
    return withCore(coreOptionsFrom(args), async (core) => {
      const status = await core.status({});
      const failures = status.model ? await core.listFailures({ limit: 10_000 }) : [];
      if (boolFlag(args, 'json')) {
        io.out(JSON.stringify({ ...status, failures }));
        return EXIT.ok;
      }
      io.out(`library: ${status.libraryDir}`);
      io.out(status.model ? `model: ${status.model.id} (${status.model.embeddingSize}-d, ${status.model.provider})` : 'model: none installed');
      for (const root of status.roots) io.out(`folder: ${root.path} (${root.photoCount} photos)`);
      io.out(`photos: ${status.photos.indexed} indexed, ${status.photos.failed} failed, ${status.photos.pending} pending`);
      for (const f of failures) io.out(`  failed: ${f.path} [${f.code}] ${f.message}`);
      return EXIT.ok;
    });
  },
};
