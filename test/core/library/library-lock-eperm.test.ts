import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

/**
 * kill(pid, 0) answers EPERM for a process of another user: that owner is alive. Not in the mutation run
 * (vitest.mutate.config.ts): as root the check needs a process of user nobody, which cannot read Stryker's
 * sandbox (a folder only root may open), and setuid is not allowed in its worker threads.
 */
describe('the library lock judges a process of another user', () => {
  it('a pid of another user is alive: signalling it is refused (EPERM), yet it runs', async () => {
    const owner = JSON.stringify({ pid: 1, host: os.hostname(), command: 'c', startedAt: 's' });
    // pid 1 belongs to root. As root (this machine's tests) the check runs in a process of user nobody.
    const asRoot = process.geteuid?.() === 0;
    const script = `import { isOwnerAlive } from './src-main/core/library-lock.ts';
      let code = 'none'; try { process.kill(1, 0); } catch (e) { code = e.code; }
      process.stdout.write(code + ' ' + isOwnerAlive(${owner}));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      ...(asRoot ? { uid: 65_534, gid: 65_534 } : {}),
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(output).toBe('EPERM true');
  });
});
