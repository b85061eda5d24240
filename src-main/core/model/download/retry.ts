import { AppError } from '../../../contract/errors.js';

/** A failure worth another try: a dropped or stalled connection, or a server error that may pass. */
export class TransientDownloadError extends Error {
  override readonly name = 'TransientDownloadError';
}

const MAX_DELAY_MS = 30_000;

/** Exponential backoff: base, 2×base, 4×base … capped, so a flapping mirror is not hammered. */
export function backoffDelay(attempt: number, baseMs: number): number {
  return Math.min(MAX_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}

export function cancelledError(url: string): AppError {
  return new AppError(
    'CANCELLED',
    `Download of ${url} was cancelled; the partial file is kept so it can resume.`,
    { url },
  );
}

/** Waits, but wakes up at once (with CANCELLED) when the user cancels. */
export function sleep(ms: number, signal: AbortSignal | undefined, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(cancelledError(url));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(url));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** HTTP statuses that say "try again later" rather than "this will never work". */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}
