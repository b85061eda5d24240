import { preprocessImage, writeTensorFile } from '../../core/imaging/index.js';
import { readModelFolder } from '../../core/model/model-folder.js';
import { TextTokenizer } from '../../core/model/tokenizer.js';
import { boolFlag, parseArgs, rejectUnknown, stringFlag, UsageError } from '../args.js';
import { EXIT, type CliIo, type Command } from '../io.js';

function requireModel(model: string | undefined): string {
  if (model === undefined) throw new UsageError('--model DIR is required');
  return model;
}

async function tokenize(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { booleans: ['json'] });
  rejectUnknown(args, ['model', 'json']);
  const dir = requireModel(stringFlag(args, 'model'));
  if (args.positionals.length === 0) throw new UsageError('give at least one text to tokenize');
  const folder = await readModelFolder(dir);
  const tokenizer = await TextTokenizer.load(dir, folder.contextLength);
  const ids = args.positionals.map((text) => tokenizer.ids(text));
  if (boolFlag(args, 'json')) io.out(JSON.stringify(ids));
  else args.positionals.forEach((text, i) => io.out(`${JSON.stringify(text)}: ${JSON.stringify(ids[i])}`));
  return EXIT.ok;
}

async function preprocess(argv: string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  rejectUnknown(args, ['model', 'out']);
  const dir = requireModel(stringFlag(args, 'model'));
  const out = stringFlag(args, 'out');
  const [image] = args.positionals;
  if (image === undefined || out === undefined) throw new UsageError('give an IMAGE and --out FILE');
  const folder = await readModelFolder(dir);
  const tensor = await preprocessImage(image, folder.preprocess);
  await writeTensorFile(tensor, out);
  const { cropHeight, cropWidth } = folder.preprocess;
  io.out(`wrote ${out}: float32 little-endian, 3×${cropHeight}×${cropWidth}`);
  return EXIT.ok;
}

export const debugCommand: Command = {
  summary: 'what the model receives: token ids, preprocessed tensors',
  usage: 'shoebox debug tokenize --model DIR [--json] TEXT… | shoebox debug preprocess --model DIR IMAGE --out FILE',
  async run(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === 'tokenize') return tokenize(rest, io);
    if (sub === 'preprocess') return preprocess(rest, io);
    throw new UsageError('debug takes "tokenize" or "preprocess"');
  },
};
