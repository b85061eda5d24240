import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LibraryLock,
  LibraryLockedError,
  LOCK_FILE,
  readLibraryOwner,
  type LockOwner,
} from '../../../src-main/core/library-lock.js';
import { runScript, type RunningProcess } from '../../helpers/processes.js';
import { makeTempDir } from '../../helpers/temp-dir.js';
import { waitFor } from '../../helpers/wait-for.js';


function lockChild(dir: string, holdMs: number): RunningProcess {
  return runScript('test/helpers/lock-child.ts', [dir, String(holdMs)]);
}

/** A pid that surely names no process: a child that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  const pid = child.pid ?? -1;
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

async function writeLock(dir: string, owner: Partial<LockOwner>): Promise<void> {
  const full: LockOwner = { pid: 1, host: os.hostname(), command: 'shoebox index', startedAt: '2020-01-01T00:00:00Z', ...owner };
  await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(full));
}

describe('the library lock', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-lock-')));
  afterEach(async () => cleanup());

  it('has one holder; a second is refused with a message naming the first; release frees it', async () => {
    const lock = await LibraryLock.acquire(dir, 'shoebox index');
    const written = JSON.parse(await readFile(path.join(dir, LOCK_FILE), 'utf8')) as LockOwner;
    expect(written).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'shoebox index' });
    const refused = await LibraryLock.acquire(dir, 'shoebox album').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(LibraryLockedError);
    expect((refused as LibraryLockedError).code).toBe('LIBRARY_LOCKED');
    expect((refused as Error).message).toContain(`shoebox index (pid ${process.pid}`);
    expect(await readLibraryOwner(dir)).toMatchObject({ pid: process.pid });
    await lock.release();
    expect(await readLibraryOwner(dir)).toBeNull();
    const again = await LibraryLock.acquire(dir, 'shoebox album');
    expect(again.holder.command).toBe('shoebox album');
    await again.release();
  });

  it('takes over the lock of a process that is gone', async () => {
    await writeLock(dir, { pid: await deadPid() });
    expect(await readLibraryOwner(dir)).toBeNull();
    const lock = await LibraryLock.acquire(dir, 'shoebox serve');
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });

  it('does not take a reused pid for the owner: same pid, another process start, is stale', async () => {
    const alive = lockChild(dir + '-unused', -1);
    try {
      await waitFor('the child to start', () => alive.output().includes('acquired'), 20_000);
      await writeLock(dir, { pid: alive.pid, processStart: '1' });
      const lock = await LibraryLock.acquire(dir, 'shoebox serve');
      await lock.release();
      // The same pid with its real start time is a live owner.
      const real = (await readFile(`/proc/${alive.pid}/stat`, 'utf8').catch(() => null)) !== null;
      await writeLock(dir, { pid: alive.pid });
      if (real) expect(await LibraryLock.acquire(dir, 'x').catch((e: unknown) => e)).toBeInstanceOf(LibraryLockedError);
    } finally {
      alive.kill();
      await alive.exited;
    }
  });

  it('never judges a lock from another computer: refuses, naming the host and the file to delete', async () => {
    await writeLock(dir, { pid: await deadPid(), host: 'other-machine.local' });
    const refused = (await LibraryLock.acquire(dir, 'x').catch((e: unknown) => e)) as Error;
    expect(refused).toBeInstanceOf(LibraryLockedError);
    expect(refused.message).toContain('other-machine.local');
    expect(refused.message).toContain(path.join(dir, LOCK_FILE));
  });

  it('records the endpoint of a serving owner for the CLI to find', async () => {
    const lock = await LibraryLock.acquire(dir, 'shoebox serve');
    await lock.announce({ url: 'http://127.0.0.1:4567', token: 't'.repeat(20) });
    expect((await readLibraryOwner(dir))?.endpoint).toEqual({ url: 'http://127.0.0.1:4567', token: 't'.repeat(20) });
    await lock.release();
  });

  it('a holder killed with SIGKILL leaves a lock the next process takes over', async () => {
    const holder = lockChild(dir, -1);
    await waitFor('the child to hold the lock', () => holder.output().includes('acquired'), 20_000);
    expect(await LibraryLock.acquire(dir, 'x').catch((e: unknown) => e)).toBeInstanceOf(LibraryLockedError);
    holder.kill();
    await holder.exited;
    const lock = await LibraryLock.acquire(dir, 'after the kill');
    expect(lock.holder.command).toBe('after the kill');
    await lock.release();
  });

  it('real processes racing for a stale lock: exactly one wins', async () => {
    await writeLock(dir, { pid: await deadPid() });
    const racers = Array.from({ length: 6 }, () => lockChild(dir, 6000));
    await Promise.all(racers.map((r) => r.exited));
    const outputs = racers.map((r) => r.output().trim());
    expect(outputs.filter((o) => o === 'acquired'), outputs.join('\n')).toHaveLength(1);
    expect(outputs.filter((o) => o === 'refused LIBRARY_LOCKED')).toHaveLength(5);
    expect(await readLibraryOwner(dir)).toBeNull();
  });
});
