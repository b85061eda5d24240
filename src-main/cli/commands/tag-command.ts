import { boolFlag, parseArgs, rejectUnknown, UsageError } from '../args.js';
import { EXIT, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { resolvePhoto } from './album-refs.js';

const USAGE = [
  'shoebox tag add TAG PHOTO_ID|PATH...',
  'shoebox tag remove TAG PHOTO_ID|PATH...',
  'shoebox tag list [PHOTO_ID|PATH]',
  '(each takes --json and --library DIR)',
].join('\n       ');

/** Free-form tags on photos; they follow a photo through moves, renames and model switches. */
export const tagCommand: Command = {
  summary: 'add, remove or list free-form tags',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const args = parseArgs(rest, { booleans: ['json'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json']);
    const json = boolFlag(args, 'json');
    return withCore(coreOptionsFrom(args), async (core) => {
      if (sub === 'list') {
        const ref = args.positionals[0];
        const tags = await core.listTags(ref === undefined ? {} : { photoId: await resolvePhoto(core, ref) });
        if (json) io.out(JSON.stringify(tags));
        else for (const t of tags) io.out(ref === undefined ? `${String(t.count).padStart(6)}  ${t.tag}` : t.tag);
        return EXIT.ok;
      }
      const [tag, ...photos] = args.positionals;
      if ((sub !== 'add' && sub !== 'remove') || tag === undefined || photos.length === 0) {
        throw new UsageError('say add or remove, a tag, and at least one photo');
      }
      const results = [];
      for (const ref of photos) {
        const photoId = await resolvePhoto(core, ref);
        results.push(sub === 'add' ? await core.addTag({ photoId, tag }) : await core.removeTag({ photoId, tag }));
      }
      if (json) io.out(JSON.stringify(results));
      else for (const r of results) io.out(`${r.photoId}: ${r.tags.join(', ') || '(no tags)'}`);
      return EXIT.ok;
    });
  },
};
