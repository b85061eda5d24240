import { LibraryLock } from '../../src-main/core/library-lock.js';

/**
 * A process that takes a library's lock, prints `acquired` (or `refused CODE`), holds it for HOLD_MS and
 * releases it; with HOLD_MS = -1 it holds until killed. Used by the lock tests to race real processes.
 */
const [dir = '', holdText = '0'] = process.argv.slice(2);
const hold = Number(holdText);
try {
  const lock = await LibraryLock.acquire(dir, `lock-child ${process.pid}`);
  process.stdout.write('acquired\n');
  if (hold < 0) setInterval(() => undefined, 60_000);
  else {
    await new Promise((resolve) => setTimeout(resolve, hold));
    await lock.release();
  }
} catch (error) {
  process.stdout.write(`refused ${(error as { code?: string }).code ?? String(error)}\n`);
}
