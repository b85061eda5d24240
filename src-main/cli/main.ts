import { indexCommand, watchCommand } from './commands/index-command.js';
import { searchCommand } from './commands/search-command.js';
import { statusCommand } from './commands/status-command.js';
import { debugCommand } from './commands/debug-command.js';
import { classifyCommand } from './commands/classify-command.js';
import { doctorCommand } from './commands/doctor-command.js';
import { modelCommand } from './commands/model-command.js';
import { albumCommand } from './commands/album-command.js';
import { dupesCommand } from './commands/dupes-command.js';
import { labelCommand } from './commands/label-command.js';
import { tagCommand } from './commands/tag-command.js';
import { markCommand } from './commands/mark-command.js';
import { trashCommand } from './commands/trash-command.js';
import { importCommand } from './commands/import-command.js';
import { setCliContext } from './open-core.js';
import { EXIT, processIo, reportError, type CliIo, type Command } from './io.js';

export const COMMANDS: Record<string, Command> = {
  index: indexCommand,
  watch: watchCommand,
  search: searchCommand,
  status: statusCommand,
  debug: debugCommand,
  model: modelCommand,
  classify: classifyCommand,
  doctor: doctorCommand,
  album: albumCommand,
  label: labelCommand,
  tag: tagCommand,
  mark: markCommand,
  trash: trashCommand,
  dupes: dupesCommand,
  import: importCommand,
};

function help(io: CliIo): void {
  io.out('Shoebox: search and sort your photos by what is in them, offline.\n');
  io.out('usage: shoebox <command> [options]\n');
  for (const [name, command] of Object.entries(COMMANDS)) io.out(`  ${name.padEnd(10)} ${command.summary}`);
  io.out('\nThe library lives in the per-user data folder; --library DIR or SHOEBOX_LIBRARY choose another.');
  io.out('Run `shoebox <command> --help` for a command’s options.');
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`shoebox: unknown command "${name}"`);
    help(io);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`usage: ${command.usage}`);
    return EXIT.ok;
  }
  const sub = rest[0] !== undefined && /^[a-z-]+$/.test(rest[0]) ? ` ${rest[0]}` : '';
  setCliContext(`shoebox ${name}${sub}`, io.err);
  try {
    return await command.run(rest, io);
  } catch (error) {
    return reportError(error, io, command.usage);
  }
}
