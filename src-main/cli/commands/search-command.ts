import { boolFlag, intFlag, parseArgs, rejectUnknown, UsageError } from '../args.js';
import { EXIT, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';

export const searchCommand: Command = {
  summary: 'find photos by describing them',
  usage: 'shoebox search "<text>" [--library DIR] [--limit N] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json', 'limit']);
    const text = args.positionals.join(' ').trim();
    if (text === '') throw new UsageError('say what to search for, e.g. shoebox search "dog at the beach"');
    const limit = intFlag(args, 'limit', 20);
    return withCore(coreOptionsFrom(args), async (core) => {
      const result = await core.search({ text, limit });
      if (boolFlag(args, 'json')) {
        io.out(JSON.stringify(result.hits.map((h) => ({ id: h.id, path: h.path, score: h.score }))));
      } else if (result.hits.length === 0) {
        io.out('no photos in the library yet');
      } else {
        for (const hit of result.hits) io.out(`${hit.score.toFixed(3)}  ${hit.path}`);
      }
      return EXIT.ok;
    });
  },
};
