import { spawn } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export interface RunningProcess {
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
  kill: (signal?: NodeJS.Signals) => void;
}

/** A TypeScript entry of this repository run in its own Node process, output captured. */
export function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, script), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return {
    pid: child.pid ?? -1,
    output: () => output,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    kill: (signal = 'SIGKILL') => child.kill(signal),
  };
}

/** The CLI (`shoebox ARGS…`) in a process of its own. */
export function runCliProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningProcess {
  return runScript('src-main/cli/bin.ts', args, env);
}
