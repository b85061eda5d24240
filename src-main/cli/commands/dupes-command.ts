import type { DuplicateReport } from '../../contract/albums.js';
import { boolFlag, parseArgs, rejectUnknown } from '../args.js';
import { EXIT, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { cancelOnInterrupt, withWorkProgress } from '../interrupt.js';
import { numberFlag } from './album-refs.js';

/** Lists exact and near duplicates with the photo to keep; it deletes nothing. Ctrl-C stops the scan. */
export const dupesCommand: Command = {
  summary: 'find exact and near-duplicate photos (deletes nothing)',
  usage: 'shoebox dupes [--threshold 0.95] [--library DIR] [--json]',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json', 'threshold']);
    const threshold = numberFlag(args, 'threshold');
    return withCore(coreOptionsFrom(args), async (core) => {
      const input = threshold === undefined ? {} : { nearThreshold: threshold };
      const find = (): Promise<DuplicateReport> => core.findDuplicates(input);
      const quiet = boolFlag(args, 'json');
      const report = await cancelOnInterrupt(
        () => core.cancelWork({ job: 'duplicates' }),
        () => (quiet ? find() : withWorkProgress(core, 'duplicates', io, find)),
      );
      if (boolFlag(args, 'json')) {
        io.out(JSON.stringify(report));
        return EXIT.ok;
      }
      io.out(`${report.groups.length} groups among ${report.photos} photos (near: cosine >= ${report.nearThreshold})`);
      for (const group of report.groups) {
        io.out(`${group.kind}: keep ${group.photos[0]?.path ?? group.keeper} (${group.reason})`);
        for (const p of group.photos.slice(1)) io.out(`    ${p.similarity.toFixed(3)}  ${p.path} (${p.width}×${p.height}, ${p.size} bytes)`);
      }
      return EXIT.ok;
    });
  },
};
