import { spawn } from 'node:child_process';

export interface OpenCommand {
  command: string;
  args: string[];
}

/** The OS's own "open this with the default app" command, for a URL or a folder. */
export function openCommandFor(target: string, platform: NodeJS.Platform = process.platform): OpenCommand {
  if (platform === 'darwin') return { command: 'open', args: [target] };
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the empty one.
  if (platform === 'win32') return { command: 'cmd', args: ['/d', '/s', '/c', 'start', '""', target] };
  return { command: 'xdg-open', args: [target] };
}

/**
 * Asks the OS to open `target` with its default app (a browser for a URL, the file manager for a
 * folder). Resolves true once the opener started, false when there is none (no xdg-open on a bare
 * server, say); it never throws.
 */
export function openWithOs(target: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const { command, args } = openCommandFor(target);
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, {
        detached: true,
        stdio: 'ignore',
        env,
        windowsVerbatimArguments: process.platform === 'win32',
      });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
