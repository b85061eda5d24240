import { parseArgs, rejectUnknown, boolFlag, UsageError } from '../args.js';
import { EXIT, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { resolvePhoto } from './album-refs.js';

const USAGE = [
  'shoebox trash PHOTO_ID|PATH...   move photos into the library trash (undoable until emptied)',
  'shoebox trash list | undo [BATCH] | empty',
  '(each takes --json and --library DIR)',
].join('\n       ');

/** The library trash of [Note: library trash] on the command line. */
export const trashCommand: Command = {
  summary: 'move photos to the library trash, list, undo or empty it',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json']);
    const json = boolFlag(args, 'json');
    const [first, ...rest] = args.positionals;
    const print = (value: unknown, line: string): void => io.out(json ? JSON.stringify(value) : line);
    return withCore(coreOptionsFrom(args), async (core) => {
      if (first === 'list') {
        const batches = await core.listTrash({});
        if (json) io.out(JSON.stringify(batches));
        else for (const b of batches) for (const p of b.photos) io.out(`${b.batchId}  ${p.from}`);
        return EXIT.ok;
      }
      if (first === 'undo') {
        const report = await core.undoTrash(rest[0] === undefined ? {} : { batchId: rest[0] });
        print(report, `${report.restored} photos put back${report.failed.map((f) => `\n  kept in the trash: ${f.path}: ${f.message}`).join('')}`);
        return report.failed.length === 0 ? EXIT.ok : EXIT.fatal;
      }
      if (first === 'empty') {
        const emptied = await core.emptyTrash({});
        print(emptied, `${emptied.removed} photos deleted for good`);
        return EXIT.ok;
      }
      if (args.positionals.length === 0) throw new UsageError('name the photos to move to the trash (ids or files)');
      const photoIds: string[] = [];
      for (const ref of args.positionals) photoIds.push(await resolvePhoto(core, ref));
      const report = await core.trashPhotos({ photoIds });
      print(report, `${report.trashed.length} photos moved to the trash (undo: shoebox trash undo ${report.batchId ?? ''})${report.failed.map((f) => `\n  not moved: ${f.path}: ${f.message}`).join('')}`);
      return report.failed.length === 0 ? EXIT.ok : EXIT.fatal;
    });
  },
};
