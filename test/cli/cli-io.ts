import type { CliIo } from '../../src-main/cli/io.js';
import { runCli } from '../../src-main/cli/main.js';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
  /** everything written to stderr as a stream (progress bars) */
  stderr: string;
}

/** Runs the CLI in this process with captured output; stderr is not a terminal, so progress is plain lines. */
export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let stderr = '';
  const stream = {
    isTTY: false,
    columns: 80,
    write: (chunk: string) => {
      stderr += chunk;
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), stderr: stream };
  const code = await runCli(argv, io);
  return { code, out, err, stderr };
}
