import { AppError } from '../contract/errors.js';
import { UsageError } from './args.js';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  stderr: NodeJS.WriteStream;
}

/**
 * A file name may hold control characters (an escape sequence that rewrites the terminal, a carriage return
 * that hides the rest of the line): everything printed shows them as \xNN. Newlines between lines stay.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${escapeControl(text)}\n`),
  err: (text) => process.stderr.write(`${escapeControl(text)}\n`),
  stderr: process.stderr,
};

const ERRNO_ADVICE: Record<string, string> = {
  EACCES: 'permission denied: check that you may write there, or choose another folder with --library DIR',
  EPERM: 'the operation is not permitted there: choose another folder',
  EROFS: 'that disk is read-only: choose a folder on a writable disk',
  ENOSPC: 'the disk is full: free some space and try again',
  ENOTDIR: 'a part of that path is a file, not a folder',
  EEXIST: 'something is already there',
  ENOENT: 'it does not exist',
};

/** A file-system error (errno) as a coded, readable line naming the path; null for anything else. */
function describeErrno(error: unknown): string | null {
  const e = error as NodeJS.ErrnoException;
  const advice = typeof e.code === 'string' ? ERRNO_ADVICE[e.code] : undefined;
  if (advice === undefined) return null;
  const code = e.code === 'ENOSPC' ? 'DISK_FULL' : 'FILE_OPERATION_FAILED';
  return `${e.path ?? 'a file'}: ${advice} [${code}] (${e.code ?? ''})`;
}

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
  const errno = describeErrno(error);
  if (errno !== null) {
    io.err(`shoebox: ${errno}`);
    return EXIT.fatal;
  }
  // A stack trace only when asked for: the person gets the message, a bug report gets the rest.
  const detail = process.env['SHOEBOX_DEBUG'] === '1' && error instanceof Error ? (error.stack ?? error.message) : error instanceof Error ? error.message : String(error);
  io.err(`shoebox: ${detail} [INTERNAL]`);
  return EXIT.fatal;
}
