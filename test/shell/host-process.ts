import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { HostChild } from '../../src-main/shell/core-client.js';

const ENTRY = path.join(import.meta.dirname, 'fork-host-entry.ts');

/** Forks the core host; `children` holds every process forked, the latest last, so a test can crash one. */
export function hostForker(): { fork: () => HostChild; children: ChildProcess[] } {
  const children: ChildProcess[] = [];
  const forkHost = (): HostChild => {
    // 'advanced' serialisation is the structured clone that Electron's postMessage uses.
    const child = fork(ENTRY, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: 'inherit' });
    children.push(child);
    const host: HostChild = {
      postMessage: (message) => child.send(message),
      on: (event: 'message' | 'exit', listener: (value: never) => void) =>
        event === 'message'
          ? child.on('message', (message) => (listener as (message: unknown) => void)(message))
          : child.on('exit', (code, signal) => (listener as (code: number) => void)(code ?? (signal === null ? 0 : 128))),
      kill: () => child.kill(),
    };
    return host;
  };
  return { fork: forkHost, children };
}
