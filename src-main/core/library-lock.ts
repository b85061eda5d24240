import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, mkdir, readFile, rename, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../contract/errors.js';

/**
 * [Note: one writer per library]
 * A library has one writer: the process that holds `<library>/library.lock`. The file says who that is
 * (pid, host, boot, process start, command) and, for an owner that serves the API on loopback (`serve`,
 * `watch`), where and with which token, so a CLI command can do its work through the owner instead
 * (src-main/cli/open-core.ts). The file is made whole under a temporary name and hard-linked into place,
 * which fails if a lock exists: creation is atomic and nobody reads half a lock. A lock whose process is
 * gone (same host; pid dead, or the pid now belongs to a younger process, or the machine rebooted) is
 * stale: it is removed under a short-lived guard folder, re-read and judged again first, so two processes
 * taking over the same stale lock cannot remove each other's fresh one. A lock from another host is never judged
 * (its pids mean nothing here): the message names the host and the file to delete if it is gone.
 */
export const LOCK_FILE = 'library.lock';

/** How the desktop app names itself in the lock; the CLI refuses rather than waits for it. */
export const APP_OWNER = 'the Shoebox app';

export interface OwnerEndpoint {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** The owner's local token: it grants what a terminal may do (paths included), never given to a page. */
  token: string;
}

export interface LockOwner {
  pid: number;
  host: string;
  /** what holds the library, in words: `shoebox index`, `shoebox serve`, `the Shoebox app` */
  command: string;
  startedAt: string;
  /** Linux: the boot id and the process start (clock ticks since boot), so a reused pid is not taken for the owner. */
  bootId?: string;
  processStart?: string;
  endpoint?: OwnerEndpoint;
}

export class LibraryLockedError extends AppError {
  constructor(
    readonly owner: LockOwner,
    lockFile: string,
  ) {
    super('LIBRARY_LOCKED', `${describeOwner(owner)} is using this library. ${advice(owner, lockFile)}`, { owner });
  }
}

export function describeOwner(owner: LockOwner): string {
  const where = owner.host === os.hostname() ? '' : ` on ${owner.host}`;
  return `${owner.command} (pid ${owner.pid}${where}, since ${owner.startedAt})`;
}

function advice(owner: LockOwner, lockFile: string): string {
  if (owner.host !== os.hostname()) {
    return `If that computer is not running Shoebox any more, delete ${lockFile}.`;
  }
  return 'Wait for it to finish, or stop it, then try again.';
}

const GUARD_STALE_MS = 10_000;

/** Whether a file last changed at `mtimeMs` (an unreadable lock, a takeover guard) is old enough to be left behind. */
function isOld(mtimeMs: number): boolean {
  // `>=` would do as well: an age of exactly 10 000 ms cannot be told from 10 001 ms (an equivalent mutant).
  return Date.now() - mtimeMs > GUARD_STALE_MS;
}

/**
 * The instants of a takeover at which another process can act: `linked` (our lock is in place), `refused`
 * (a lock was there; not read yet), `guard-busy` (another taker holds the guard; not looked at yet),
 * `guarded` (we hold the guard; the lock not re-read yet).
 */
export type LockStep = 'linked' | 'refused' | 'guard-busy' | 'guarded';

export interface AcquireOptions {
  /**
   * Test-only, never set by the app: called at each step, so an in-process test can do there what a racing
   * process would (remove or replace the lock, finish its takeover) and see the race every time.
   */
  atStep?: (step: LockStep) => Promise<void>;
}

function readTextSync(file: string): string | undefined {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // gone (the process ended, the lock removed) or not readable: no text
  }
  return text?.trim();
}

/** Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot. */
function processStart(pid: number): string | undefined {
  const stat = readTextSync(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}

function bootId(): string | undefined {
  return readTextSync('/proc/sys/kernel/random/boot_id');
}

function ownerOfThisProcess(command: string): LockOwner {
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString() };
  const boot = bootId();
  const start = processStart(process.pid);
  if (boot !== undefined) owner.bootId = boot;
  if (start !== undefined) owner.processStart = start;
  return owner;
}

/** Whether the process a lock names still runs. Only called for a lock made on this host. */
export function isOwnerAlive(owner: LockOwner): boolean {
  const boot = bootId();
  if (owner.bootId !== undefined && boot !== undefined && owner.bootId !== boot) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the pid exists but belongs to another user; it is alive.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (owner.processStart === undefined) return true;
  const start = processStart(owner.pid);
  return start === undefined || start === owner.processStart;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || typeof value.host !== 'string' || typeof value.command !== 'string') return null;
    return { startedAt: '?', ...value } as LockOwner;
  } catch {
    return null;
  }
}

interface LockState {
  text: string;
  owner: LockOwner | null;
  mtimeMs: number;
}

async function readLock(file: string): Promise<LockState | null> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { text, owner: parseOwner(text), mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** A lock nobody holds any more: its process is gone (this host), or it cannot be read and is old. */
function isStale(state: LockState): boolean {
  if (state.owner === null) return isOld(state.mtimeMs);
  return state.owner.host === os.hostname() && !isOwnerAlive(state.owner);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Removes `file` if it is still stale, under the guard folder: see [Note: one writer per library]. Whatever
 * it holds now is judged again (another taker may have put its own live lock there meanwhile); a stale lock
 * is removed whoever wrote it.
 */
async function removeStale(file: string, atStep: AcquireOptions['atStep']): Promise<void> {
  const guard = `${file}.takeover`;
  try {
    await mkdir(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    await atStep?.('guard-busy');
    // A guard left by a process killed inside these few milliseconds goes after a while.
    const info = await stat(guard).catch(() => null);
    if (info !== null && isOld(info.mtimeMs)) await rmdir(guard).catch(() => undefined);
    await sleep(20 + Math.random() * 30);
    return;
  }
  try {
    await atStep?.('guarded');
    const again = await readLock(file);
    if (again !== null && isStale(again)) await unlink(file);
  } finally {
    await rmdir(guard).catch(() => undefined);
  }
}

/** The live owner of a library, or null when nobody holds it (a stale lock counts as nobody). */
export async function readLibraryOwner(libraryDir: string): Promise<LockOwner | null> {
  const state = await readLock(path.join(libraryDir, LOCK_FILE));
  if (state === null || isStale(state)) return null;
  return state.owner;
}

export class LibraryLock {
  private released = false;
  private readonly onExit = (): void => {
    this.releaseSync();
  };

  private constructor(
    readonly file: string,
    private owner: LockOwner,
    private text: string,
  ) {
    // A process that exits without closing (an uncaught error) still leaves the library free.
    process.once('exit', this.onExit);
  }

  /** Takes the lock of `libraryDir` for this process, or throws LibraryLockedError naming the owner. */
  static async acquire(libraryDir: string, command: string, options: AcquireOptions = {}): Promise<LibraryLock> {
    await mkdir(libraryDir, { recursive: true });
    const file = path.join(libraryDir, LOCK_FILE);
    const owner = ownerOfThisProcess(command);
    const text = JSON.stringify(owner, null, 2);
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(temp, text, { mode: 0o600 });
    try {
      for (;;) {
        try {
          await link(temp, file);
          await options.atStep?.('linked');
          return new LibraryLock(file, owner, text);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        await options.atStep?.('refused');
        const state = await readLock(file);
        if (state === null) continue;
        if (!isStale(state)) {
          if (state.owner === null) {
            // Being written by a platform without link(): wait for it to become readable or old.
            await sleep(50);
            continue;
          }
          throw new LibraryLockedError(state.owner, file);
        }
        await removeStale(file, options.atStep);
      }
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** Who holds the lock (this process). */
  get holder(): LockOwner {
    return this.owner;
  }

  /** Records where this process serves the API, so CLI commands can work through it. */
  async announce(endpoint: OwnerEndpoint | null): Promise<void> {
    if (this.released) return;
    const next: LockOwner = { ...this.owner };
    if (endpoint === null) delete next.endpoint;
    else next.endpoint = endpoint;
    const text = JSON.stringify(next, null, 2);
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(temp, text, { mode: 0o600 });
    // Replaces our own lock in one step; readers see the old or the new owner, never no lock.
    await rename(temp, this.file);
    this.owner = next;
    this.text = text;
  }

  /** Gives the library up; safe to call twice. Removes the file only while it is still ours. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    const state = await readLock(this.file).catch(() => undefined);
    if (state?.text === this.text) await unlink(this.file).catch(() => undefined);
  }

  private releaseSync(): void {
    if (this.released) return;
    this.released = true;
    const current = readTextSync(this.file);
    if (current === this.text) {
      try {
        unlinkSync(this.file);
      } catch {
        // already gone
      }
    }
  }
}
