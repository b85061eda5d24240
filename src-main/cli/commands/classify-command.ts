import { TEMPLATE_MODES, type TemplateMode } from '../../contract/models.js';
import { boolFlag, parseArgs, rejectUnknown, stringFlag, UsageError } from '../args.js';
import { EXIT, type Command } from '../io.js';
import { CORE_FLAGS, coreOptionsFrom, withCore } from '../open-core.js';

function templateMode(value: string | undefined): TemplateMode {
  if (value === undefined) return 'ensemble';
  const mode = TEMPLATE_MODES.find((m) => m === value);
  if (mode === undefined) throw new UsageError(`--templates takes ${TEMPLATE_MODES.join(', ')}, not "${value}"`);
  return mode;
}

export const classifyCommand: Command = {
  summary: 'zero-shot scores of one image against prompts',
  usage:
    'shoebox classify IMAGE --prompts "a dog" "a cat" … [--templates ensemble|single|none] [--json] [--model DIR] [--library DIR] | shoebox classify --photo ID --prompts …',
  async run(argv, io) {
    const args = parseArgs(argv, { booleans: ['json'], lists: ['prompts'] });
    rejectUnknown(args, [...CORE_FLAGS, 'json', 'prompts', 'photo', 'templates']);
    const prompts = args.lists.get('prompts') ?? [];
    if (prompts.length === 0) throw new UsageError('give the prompts to score, e.g. --prompts "a dog" "a cat"');
    const photoId = stringFlag(args, 'photo');
    const [image, ...extra] = args.positionals;
    if ((image === undefined) === (photoId === undefined) || extra.length > 0) {
      throw new UsageError('name one IMAGE file, or one photo with --photo ID');
    }
    const templates = templateMode(stringFlag(args, 'templates'));
    const target = photoId === undefined ? { imagePath: image ?? '' } : { photoId };
    return withCore(coreOptionsFrom(args), async (core) => {
      const scores = await core.classify({ ...target, prompts, templates });
      if (boolFlag(args, 'json')) {
        io.out(JSON.stringify(scores));
        return EXIT.ok;
      }
      for (const s of scores) {
        io.out(`${(s.probability * 100).toFixed(1).padStart(6)}%  ${s.prompt}  (cosine ${s.cosine.toFixed(3)})`);
      }
      return EXIT.ok;
    });
  },
};
