import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LibraryLock,
  LibraryLockedError,
  readLibraryOwner,
  type LockStep,
} from '../../../src-main/core/library-lock.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * The races of a takeover, each made to happen every time: `atStep` (test-only) stops `acquire` at the
 * instant another process could act, and the test does there what that process would. A lock stolen
 * between two steps must never be removed, nor a taker fail on a file that went away meanwhile.
 * test/core/library/library-lock.test.ts races real processes (unsteered); library-lock-guards.test.ts
 * has the guards one by one.
 */
const LOCK = 'library.lock';

async function putLock(dir: string, text: string): Promise<void> {
  const temp = path.join(dir, 'incoming.tmp');
  await writeFile(temp, text);
  await rename(temp, path.join(dir, LOCK));
}

/** A lock of this process from before a reboot: stale. */
const staleLock = (command = 'shoebox index'): string =>
  JSON.stringify({ pid: process.pid, host: os.hostname(), command, startedAt: 'then', bootId: 'another-boot' });
/** A lock held on another computer: never judged, always live. */
const liveLock = (command: string): string => JSON.stringify({ pid: 1, host: 'far.local', command, startedAt: 'now' });

/** A hook that runs `act` the first time `step` comes, and fails a taker that comes back to it too often (a loop). */
function once(step: LockStep, act: () => Promise<void>): { atStep: (s: LockStep) => Promise<void>; seen: LockStep[] } {
  const seen: LockStep[] = [];
  return {
    seen,
    atStep: async (s) => {
      seen.push(s);
      const times = seen.filter((x) => x === step).length;
      if (times > 5) throw new Error(`came back to ${step} ${times} times`);
      if (s === step && times === 1) await act();
    },
  };
}

describe('the library lock: races of a takeover, steered', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-lock-races-')));
  afterEach(async () => cleanup());

  it('the lock it was refused by goes before it is read: it tries again and takes the library', async () => {
    await putLock(dir, liveLock('shoebox serve'));
    const hook = once('refused', () => rm(path.join(dir, LOCK)));
    const lock = await LibraryLock.acquire(dir, 'next', hook);
    expect(hook.seen).toEqual(['refused', 'linked']);
    expect((await readLibraryOwner(dir))?.command).toBe('next');
    await lock.release();
  });

  it('another taker put its live lock in place before this one held the guard: that lock stays, and the refusal names it', async () => {
    await putLock(dir, staleLock());
    const hook = once('guarded', () => putLock(dir, liveLock('the other taker')));
    const refused = (await LibraryLock.acquire(dir, 'late', hook).catch((e: unknown) => e)) as LibraryLockedError;
    expect(refused).toBeInstanceOf(LibraryLockedError);
    expect(refused.owner.command).toBe('the other taker');
    expect(JSON.parse(await readFile(path.join(dir, LOCK), 'utf8'))).toMatchObject({ command: 'the other taker' });
    expect(hook.seen).toEqual(['refused', 'guarded', 'refused']);
    expect((await readdir(dir)).sort()).toEqual([LOCK]);
  });

  it('the stale lock went before this one held the guard (another taker took and gave the library up): it takes the library', async () => {
    await putLock(dir, staleLock());
    const hook = once('guarded', () => rm(path.join(dir, LOCK)));
    const lock = await LibraryLock.acquire(dir, 'next', hook);
    expect(hook.seen).toEqual(['refused', 'guarded', 'linked']);
    expect((await readLibraryOwner(dir))?.command).toBe('next');
    expect((await readdir(dir)).sort()).toEqual([LOCK]);
    await lock.release();
  });

  it('another stale lock was put there meanwhile: it is judged again and removed too', async () => {
    await putLock(dir, staleLock('first'));
    const hook = once('guarded', () => putLock(dir, staleLock('second')));
    const lock = await LibraryLock.acquire(dir, 'next', hook);
    expect((await readLibraryOwner(dir))?.command).toBe('next');
    await lock.release();
  });

  it('the guard it waited on goes before it is looked at: the taker that held it won, and this one is refused', async () => {
    await putLock(dir, staleLock());
    const guard = path.join(dir, `${LOCK}.takeover`);
    await mkdir(guard);
    const hook = once('guard-busy', async () => {
      await putLock(dir, liveLock('the other taker'));
      await rmdir(guard);
    });
    const refused = (await LibraryLock.acquire(dir, 'late', hook).catch((e: unknown) => e)) as LibraryLockedError;
    expect(refused).toBeInstanceOf(LibraryLockedError);
    expect(refused.owner.command).toBe('the other taker');
    expect(hook.seen).toEqual(['refused', 'guard-busy', 'refused']);
    expect((await readdir(dir)).sort()).toEqual([LOCK]);
  });

  it('its own temporary file removed by someone once the lock is in place: the lock is still taken, and released', async () => {
    const hook = once('linked', async () => {
      for (const name of await readdir(dir)) if (name.startsWith(`${LOCK}.${process.pid}.`)) await rm(path.join(dir, name));
    });
    const lock = await LibraryLock.acquire(dir, 'kept', hook);
    expect(hook.seen).toEqual(['linked']);
    expect(await readdir(dir)).toEqual([LOCK]);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('a failure other than a taken name (its temporary file gone) is thrown, not retried for ever', async () => {
    await putLock(dir, liveLock('shoebox serve'));
    const hook = once('refused', async () => {
      for (const name of await readdir(dir)) await rm(path.join(dir, name));
    });
    const failed = (await LibraryLock.acquire(dir, 'x', hook).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(failed).toMatchObject({ code: 'ENOENT', syscall: 'link' });
    expect(hook.seen).toEqual(['refused']);
    expect(await readdir(dir)).toEqual([]);
  });

  it('once released, a lock never touches the file again, even one that reads the same (release, then the exit handler)', async () => {
    const file = path.join(dir, LOCK);
    const lock = await LibraryLock.acquire(dir, 'same');
    const text = await readFile(file, 'utf8');
    const onExit = process.listeners('exit').at(-1) as (code: number) => void;
    await lock.release();
    // the same text again, as this process taking the library again within the same millisecond would write it
    await putLock(dir, text);
    await lock.release();
    expect(await readFile(file, 'utf8')).toBe(text);
    onExit(0);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('once the exit handler freed the library, a later release does not touch the file', async () => {
    const file = path.join(dir, LOCK);
    const lock = await LibraryLock.acquire(dir, 'exiting');
    const text = await readFile(file, 'utf8');
    const onExit = process.listeners('exit').at(-1) as (code: number) => void;
    process.off('exit', onExit);
    onExit(1);
    expect(existsSync(file)).toBe(false);
    await putLock(dir, text);
    await lock.release();
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});
