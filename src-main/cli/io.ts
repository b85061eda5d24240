import { AppError } from '../contract/errors.js';
import { UsageError } from './args.js';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stderr: NodeJS.WriteStream;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  stderr: process.stderr,
};

export const EXIT = { ok: 0, fatal: 1, usage: 2 } as const;

export interface Command {
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

/** Exit code and message for anything a command throws: usage errors 2, the rest 1, with the error's code. */
export function reportError(error: unknown, io: CliIo, usage?: string): number {
  if (error instanceof UsageError) {
    io.err(`shoebox: ${error.message}`);
    if (usage) io.err(`usage: ${usage}`);
    return EXIT.usage;
  }
  if (error instanceof AppError) {
    io.err(`shoebox: ${error.message} [${error.code}]`);
    return error.code === 'INVALID_INPUT' ? EXIT.usage : EXIT.fatal;
  }
  io.err(`shoebox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.fatal;
}
