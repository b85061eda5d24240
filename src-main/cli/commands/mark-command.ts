import type { ApiInput } from '../../contract/api.js';
import type { PhotoMarks } from '../../contract/marks.js';
import { boolFlag, parseArgs, rejectUnknown, stringFlag, UsageError } from '../args.js';
import { EXIT, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';
import { resolvePhoto } from './album-refs.js';

const USAGE = [
  'shoebox mark PHOTO_ID|PATH... [--favourite|--no-favourite] [--rating 0-5] [--rotate 90|-90|180] [--rotation 0|90|180|270]',
  'shoebox mark show PHOTO_ID|PATH...',
  'shoebox mark list [--favourites] [--min-rating N]',
  '(each takes --json and --library DIR; marks live in the library, never in the photo file)',
].join('\n       ');

function markLine(m: PhotoMarks, label: string): string {
  const stars = m.rating === 0 ? 'unrated' : '★'.repeat(m.rating);
  return `${label}: ${m.favourite ? '♥ favourite' : 'not a favourite'}, ${stars}, turned ${m.rotation}°`;
}

function choice<T extends number>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!allowed.includes(n as T)) throw new UsageError(`--${flag} takes one of ${allowed.join(', ')}`);
  return n as T;
}

/** Favourite, rating and rotation of photos, as the app's keys and bulk bar set them. */
export const markCommand: Command = {
  summary: 'favourite, rate or turn photos (kept in the library)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json', 'favourite', 'no-favourite', 'favourites'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json', 'favourite', 'no-favourite', 'favourites', 'rating', 'min-rating', 'rotate', 'rotation']);
    const json = boolFlag(args, 'json');
    const [first, ...rest] = args.positionals;
    return withCore(coreOptionsFrom(args), async (core) => {
      if (first === 'list') {
        const minRating = choice(stringFlag(args, 'min-rating'), [1, 2, 3, 4, 5], 'min-rating');
        const favourite = boolFlag(args, 'favourites') ? true : undefined;
        if (favourite === undefined && minRating === undefined) throw new UsageError('say --favourites and/or --min-rating N');
        const page = await core.markedPhotos({ ...(favourite && { favourite }), ...(minRating !== undefined && { minRating }), limit: 1000 });
        if (json) io.out(JSON.stringify(page));
        else for (const p of page.photos) io.out(`${p.id}  ${p.path}`);
        return EXIT.ok;
      }
      const refs = first === 'show' ? rest : args.positionals;
      if (refs.length === 0) throw new UsageError('name at least one photo (its id or its file)');
      const photoIds: string[] = [];
      for (const ref of refs) photoIds.push(await resolvePhoto(core, ref));
      if (first === 'show') {
        const marks = await core.getMarks({ photoIds });
        if (json) io.out(JSON.stringify(marks));
        else marks.forEach((m, i) => io.out(markLine(m, refs[i] ?? m.id)));
        return EXIT.ok;
      }
      const input: ApiInput<'setMarks'> = { photoIds };
      if (boolFlag(args, 'favourite')) input.favourite = true;
      if (boolFlag(args, 'no-favourite')) input.favourite = false;
      const rating = choice(stringFlag(args, 'rating'), [0, 1, 2, 3, 4, 5], 'rating');
      if (rating !== undefined) input.rating = rating;
      const rotateBy = choice(stringFlag(args, 'rotate'), [90, -90, 180], 'rotate');
      if (rotateBy !== undefined) input.rotateBy = rotateBy;
      const rotation = choice(stringFlag(args, 'rotation'), [0, 90, 180, 270], 'rotation');
      if (rotation !== undefined) input.rotation = rotation;
      const result = await core.setMarks(input);
      if (json) io.out(JSON.stringify(result));
      else result.marks.forEach((m, i) => io.out(markLine(m, refs[i] ?? m.id)));
      return EXIT.ok;
    });
  },
};
