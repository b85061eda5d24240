import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LibraryLock,
  LibraryLockedError,
  describeOwner,
  isOwnerAlive,
  readLibraryOwner,
  type LockOwner,
} from '../../../src-main/core/library-lock.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

/**
 * The lock's guards one by one, in this process (issue 10's mutation run): what the file holds, how an
 * unreadable or foreign lock is judged, what a release and the exit handler remove, and an in-process
 * race for a stale lock. test/core/library/library-lock.test.ts races real processes.
 */
const LOCK = 'library.lock';
const bootId = (): string => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
function startOf(pid: number): string {
  const start = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[19];
  if (start === undefined) throw new Error(`no start time for ${pid}`);
  return start;
}

/** Writes a lock whole (rename), as another process would. */
async function putLock(dir: string, text: string, ageMs = 0): Promise<void> {
  const temp = path.join(dir, 'incoming.tmp');
  await writeFile(temp, text);
  if (ageMs > 0) {
    const when = new Date(Date.now() - ageMs);
    await utimes(temp, when, when);
  }
  await rename(temp, path.join(dir, LOCK));
}

function owner(extra: Partial<LockOwner>): string {
  return JSON.stringify({ pid: process.pid, host: os.hostname(), command: 'shoebox index', startedAt: 'then', ...extra });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('the library lock, guard by guard', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir('shoebox-lock-guards-')));
  afterEach(async () => cleanup());

  it('writes library.lock, readable by its owner only, naming this process, its boot and its start', async () => {
    const lock = await LibraryLock.acquire(path.join(dir, 'new', 'library'), 'shoebox index');
    const file = path.join(dir, 'new', 'library', LOCK);
    expect(lock.file).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const written = JSON.parse(await readFile(file, 'utf8')) as LockOwner;
    expect(written).toEqual({
      pid: process.pid,
      host: os.hostname(),
      command: 'shoebox index',
      startedAt: lock.holder.startedAt,
      bootId: bootId(),
      processStart: startOf(process.pid),
    });
    expect(await readdir(path.join(dir, 'new', 'library'))).toEqual([LOCK]);
    await lock.release();
    expect(await readdir(path.join(dir, 'new', 'library'))).toEqual([]);
  });

  it('a refusal names the owner as the person reads it, with what to do, and carries the owner', async () => {
    await putLock(dir, owner({ command: 'shoebox serve', startedAt: '2026-01-01T00:00:00Z' }));
    const refused = (await LibraryLock.acquire(dir, 'x').catch((e: unknown) => e)) as LibraryLockedError;
    expect(refused).toBeInstanceOf(LibraryLockedError);
    expect(refused.message).toBe(
      `shoebox serve (pid ${process.pid}, since 2026-01-01T00:00:00Z) is using this library. Wait for it to finish, or stop it, then try again.`,
    );
    expect(refused.details).toEqual({ owner: refused.owner });
    expect(refused.owner.command).toBe('shoebox serve');
    expect(await readdir(dir)).toEqual([LOCK]);
    const far: LockOwner = { pid: 7, host: 'far.local', command: 'shoebox index', startedAt: 'then' };
    expect(describeOwner(far)).toBe('shoebox index (pid 7 on far.local, since then)');
  });

  it('judges the owner by pid, boot and process start', async () => {
    const me = { pid: process.pid, host: os.hostname(), command: 'c', startedAt: 's' };
    expect(isOwnerAlive(me)).toBe(true);
    expect(isOwnerAlive({ ...me, bootId: bootId() })).toBe(true);
    expect(isOwnerAlive({ ...me, bootId: 'another-boot' })).toBe(false);
    expect(isOwnerAlive({ ...me, processStart: startOf(process.pid) })).toBe(true);
    expect(isOwnerAlive({ ...me, processStart: '1' })).toBe(false);
    // a lock of this process from before a reboot is stale
    await putLock(dir, owner({ bootId: 'another-boot' }));
    expect(await readLibraryOwner(dir)).toBeNull();
    await putLock(dir, owner({ bootId: bootId() }));
    expect(await readLibraryOwner(dir)).toMatchObject({ pid: process.pid, startedAt: 'then' });
    // a lock without startedAt still reads
    await putLock(dir, JSON.stringify({ pid: process.pid, host: os.hostname(), command: 'c' }));
    expect(await readLibraryOwner(dir)).toEqual({ pid: process.pid, host: os.hostname(), command: 'c', startedAt: '?' });
  });

  it('an old lock that is not a lock (garbage, wrong types, missing fields) is taken over', async () => {
    const far = { pid: 1, host: 'far.local', command: 'c' };
    const bad = [
      'not json {',
      JSON.stringify({ ...far, pid: '1' }),
      JSON.stringify({ pid: 1, command: 'c' }),
      JSON.stringify({ pid: 1, host: 'far.local' }),
      JSON.stringify({ ...far, host: 42 }),
      JSON.stringify({ ...far, command: 42 }),
    ];
    for (const text of bad) {
      await putLock(dir, text, 60_000);
      expect(await readLibraryOwner(dir)).toBeNull();
      const lock = await LibraryLock.acquire(dir, 'after garbage');
      expect(lock.holder.command).toBe('after garbage');
      await lock.release();
    }
  });

  it('a young unreadable lock is being written: acquire waits for it rather than take it', async () => {
    await putLock(dir, '{"pid": 1, "ho');
    const outcome = LibraryLock.acquire(dir, 'waiting').catch((e: unknown) => e);
    await sleep(300);
    // the writer finishes: a live owner on another computer
    await putLock(dir, JSON.stringify({ pid: 1, host: 'far.local', command: 'shoebox serve', startedAt: 'now' }));
    const refused = (await outcome) as LibraryLockedError;
    expect(refused).toBeInstanceOf(LibraryLockedError);
    expect(refused.owner.host).toBe('far.local');
    expect(refused.message).toContain(`If that computer is not running Shoebox any more, delete ${path.join(dir, LOCK)}.`);
  });

  it('a lock that cannot be read for another reason is an error, not a free library', async () => {
    await mkdir(path.join(dir, LOCK));
    await expect(readLibraryOwner(dir)).rejects.toMatchObject({ code: 'EISDIR' });
    await expect(LibraryLock.acquire(dir, 'x')).rejects.toMatchObject({ code: 'EISDIR' });
    expect((await readdir(dir)).sort()).toEqual([LOCK]);
  });

  it('announces and withdraws its endpoint, in the file and in holder, mode 600', async () => {
    const lock = await LibraryLock.acquire(dir, 'shoebox serve');
    const file = path.join(dir, LOCK);
    const endpoint = { url: 'http://127.0.0.1:5', token: 'x'.repeat(20) };
    await lock.announce(endpoint);
    expect(lock.holder.endpoint).toEqual(endpoint);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await lock.announce(null);
    expect(lock.holder.endpoint).toBeUndefined();
    expect(JSON.parse(await readFile(file, 'utf8'))).not.toHaveProperty('endpoint');
    expect(await readdir(dir)).toEqual([LOCK]);
    // its own lock, re-announced, is still removed on release
    await lock.release();
    expect(existsSync(file)).toBe(false);
    // nothing after a release writes the lock again
    await lock.announce(endpoint);
    expect(existsSync(file)).toBe(false);
  });

  it('a release removes only its own lock, once; a lock gone already is fine', async () => {
    const first = await LibraryLock.acquire(dir, 'first');
    await first.release();
    const second = await LibraryLock.acquire(dir, 'second');
    await first.release();
    expect((await readLibraryOwner(dir))?.command).toBe('second');
    // someone replaced the lock meanwhile (the file deleted by hand, then taken): not ours to remove
    await putLock(dir, owner({ command: 'third', startedAt: 'x' }));
    await second.release();
    expect((await readLibraryOwner(dir))?.command).toBe('third');
    await rm(path.join(dir, LOCK));
    const fourth = await LibraryLock.acquire(dir, 'fourth');
    await rm(path.join(dir, LOCK));
    await expect(fourth.release()).resolves.toBeUndefined();
  });

  it('the exit handler frees the library of a process that never released it, only while the lock is its own', async () => {
    const before = process.listenerCount('exit');
    const lock = await LibraryLock.acquire(dir, 'crashing');
    expect(process.listenerCount('exit')).toBe(before + 1);
    const onExit = process.listeners('exit').at(-1) as (code: number) => void;
    // as process.once would: called once, then gone
    process.off('exit', onExit);
    onExit(1);
    expect(existsSync(path.join(dir, LOCK))).toBe(false);
    await lock.release();
    expect(process.listenerCount('exit')).toBe(before);

    const other = await LibraryLock.acquire(dir, 'replaced');
    const otherExit = process.listeners('exit').at(-1) as (code: number) => void;
    await putLock(dir, owner({ command: 'someone else' }));
    process.off('exit', otherExit);
    otherExit(1);
    expect((await readLibraryOwner(dir))?.command).toBe('someone else');
    await other.release();
    expect((await readLibraryOwner(dir))?.command).toBe('someone else');
    await rm(path.join(dir, LOCK));
    expect(process.listenerCount('exit')).toBe(before);

    const gone = await LibraryLock.acquire(dir, 'gone');
    const goneExit = process.listeners('exit').at(-1) as (code: number) => void;
    process.off('exit', goneExit);
    await rm(path.join(dir, LOCK));
    expect(() => goneExit(1)).not.toThrow();
    await gone.release();

    const released = await LibraryLock.acquire(dir, 'released');
    const releasedExit = process.listeners('exit').at(-1) as (code: number) => void;
    await released.release();
    expect(process.listenerCount('exit')).toBe(before);
    const next = await LibraryLock.acquire(dir, 'next');
    releasedExit(1);
    expect((await readLibraryOwner(dir))?.command).toBe('next');
    await next.release();
  });

  it('many takers of one stale lock in one process: exactly one wins, the rest are refused', async () => {
    for (let round = 0; round < 3; round += 1) {
      await putLock(dir, owner({ bootId: 'another-boot' }));
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => LibraryLock.acquire(dir, `taker ${i}`).catch((e: unknown) => e)),
      );
      const winners = outcomes.filter((o): o is LibraryLock => o instanceof LibraryLock);
      expect(winners).toHaveLength(1);
      expect(outcomes.filter((o) => o instanceof LibraryLockedError)).toHaveLength(7);
      expect((await readLibraryOwner(dir))?.command).toBe(winners[0]?.holder.command);
      expect((await readdir(dir)).sort()).toEqual([LOCK]);
      await winners[0]?.release();
    }
  });

  it('waits while another taker holds a young takeover guard, never removing it, then sees that taker\'s lock', async () => {
    await putLock(dir, owner({ bootId: 'another-boot' }));
    const guard = path.join(dir, `${LOCK}.takeover`);
    await mkdir(guard);
    const outcome = LibraryLock.acquire(dir, 'late').catch((e: unknown) => e);
    await sleep(300);
    // another process is mid-takeover: its guard stays and the stale lock is still there
    expect(existsSync(guard)).toBe(true);
    expect(JSON.parse(await readFile(path.join(dir, LOCK), 'utf8'))).toMatchObject({ bootId: 'another-boot' });
    // that process finishes: its lock in place, its guard gone
    await putLock(dir, JSON.stringify({ pid: 1, host: 'far.local', command: 'the other taker', startedAt: 'now' }));
    await rmdir(guard);
    const refused = (await outcome) as LibraryLockedError;
    expect(refused).toBeInstanceOf(LibraryLockedError);
    expect(refused.owner.command).toBe('the other taker');
  });

  it('a takeover guard left by a killed process goes once it is old', async () => {
    await putLock(dir, owner({ bootId: 'another-boot' }));
    const guard = path.join(dir, `${LOCK}.takeover`);
    await mkdir(guard);
    const old = new Date(Date.now() - 60_000);
    await utimes(guard, old, old);
    const lock = await LibraryLock.acquire(dir, 'after the guard');
    expect(lock.holder.command).toBe('after the guard');
    expect(existsSync(guard)).toBe(false);
    await lock.release();
  });
});
