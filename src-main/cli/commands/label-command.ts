import { boolFlag, parseArgs, rejectUnknown, stringFlag, UsageError } from '../args.js';
import { EXIT, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { resolveAlbum, resolvePhoto } from './album-refs.js';

const USAGE = [
  'shoebox label add --album ID|NAME --photo ID|PATH --include|--exclude',
  'shoebox label remove --album ID|NAME --photo ID|PATH',
  'shoebox label undo [--album ID|NAME]',
  '(each takes --json and --library DIR)',
].join('\n       ');

/** Corrections: a photo included in or excluded from an album always stays so; undo takes the newest back. */
export const labelCommand: Command = {
  summary: 'correct an album: always include or exclude a photo, or undo',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const args = parseArgs(rest, { booleans: ['json', 'include', 'exclude'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json', 'include', 'exclude', 'album', 'photo']);
    if (sub !== 'add' && sub !== 'remove' && sub !== 'undo') throw new UsageError('say add, remove or undo');
    return withCore(coreOptionsFrom(args), async (core) => {
      const albumRef = stringFlag(args, 'album');
      let result;
      if (sub === 'undo') {
        result = await core.undoLastCorrection(albumRef === undefined ? {} : { albumId: (await resolveAlbum(core, albumRef)).id });
      } else {
        const photoRef = stringFlag(args, 'photo');
        if (photoRef === undefined) throw new UsageError('name the photo: --photo ID|PATH');
        const [include, exclude] = [boolFlag(args, 'include'), boolFlag(args, 'exclude')];
        if (sub === 'add' && include === exclude) throw new UsageError('say --include or --exclude');
        const albumId = (await resolveAlbum(core, albumRef)).id;
        const photoId = await resolvePhoto(core, photoRef);
        result = await core.setAlbumMembership({ albumId, photoId, include: sub === 'remove' ? null : include });
      }
      if (boolFlag(args, 'json')) io.out(JSON.stringify(result));
      else io.out(`${result.changed} photos changed (${result.added.length} in, ${result.removed.length} out)${result.probe ? `; probe from ${result.probe.positives}+/${result.probe.negatives}- corrections` : ''}`);
      return EXIT.ok;
    });
  },
};
