import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../contract/errors.js';
import { ensureFreeSpace } from './disk-space.js';
import { fetchIntoPart, partSize } from './fetch-range.js';
import { digestFile, fsyncPath } from '../../util/atomic-file.js';
import { ProgressMeter, type DownloadProgress } from './progress.js';
import { backoffDelay, cancelledError, sleep, TransientDownloadError } from './retry.js';

export interface DownloadFileOptions {
  url: string;
  dest: string;
  /** exact size from the catalogue; null/undefined: trust the server's Content-Length */
  expectedSize?: number | null;
  /** lower-case hex; null/undefined: the computed hash is returned for the caller to record */
  sha256?: string | null;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: DownloadProgress) => void) | undefined;
  /** further attempts after the first one fails for a transient reason */
  retries?: number | undefined;
  retryBaseDelayMs?: number | undefined;
  /** how long a connection may deliver nothing before it is dropped and retried */
  stallTimeoutMs?: number | undefined;
  progressIntervalMs?: number | undefined;
  fetchImpl?: typeof fetch | undefined;
}

export interface DownloadFileResult {
  path: string;
  size: number;
  sha256: string;
  /** 'catalogue': checked against a known hash; 'computed': none was known, this one was measured */
  sha256Source: 'catalogue' | 'computed';
  /** bytes that an earlier, interrupted download had already left in the `.part` file */
  resumedFrom: number;
  attempts: number;
}

const DEFAULTS = { retries: 5, retryBaseDelayMs: 1000, stallTimeoutMs: 30_000, progressIntervalMs: 250 };

/**
 * Downloads one file to `dest` through `dest.part`: resumable (HTTP Range), retried with backoff on
 * transient failures, checked for disk space, size and SHA-256, and renamed into place only when
 * complete. See [Note: atomic writes] in util/atomic-file.ts.
 */
export async function downloadFile(options: DownloadFileOptions): Promise<DownloadFileResult> {
  const { url, dest, signal } = options;
  const expectedSize = options.expectedSize ?? null;
  const part = `${dest}.part`;
  await mkdir(path.dirname(dest), { recursive: true });
  const resumedFrom = await partSize(part);
  if (expectedSize !== null) await ensureFreeSpace(path.dirname(dest), expectedSize - resumedFrom, url);

  const meter = new ProgressMeter(
    options.onProgress,
    options.progressIntervalMs ?? DEFAULTS.progressIntervalMs,
  );
  const retries = options.retries ?? DEFAULTS.retries;
  let attempts = 0;
  for (;;) {
    if (signal?.aborted === true) throw cancelledError(url);
    attempts += 1;
    try {
      await fetchIntoPart({
        url,
        part,
        fetchImpl: options.fetchImpl ?? fetch,
        signal,
        stallTimeoutMs: options.stallTimeoutMs ?? DEFAULTS.stallTimeoutMs,
        expectedSize,
        onConnected: async (start, serverTotal) => {
          checkServerSize(url, serverTotal, expectedSize);
          meter.restartWindow();
          meter.update(start, serverTotal ?? expectedSize, true);
          if (expectedSize === null && serverTotal !== null)
            await ensureFreeSpace(path.dirname(dest), serverTotal - start, url);
        },
        onBytes: (done, serverTotal) => {
          meter.update(done, serverTotal ?? expectedSize);
        },
      });
      break;
    } catch (error) {
      if (!(error instanceof TransientDownloadError)) throw error;
      if (attempts > retries) {
        throw new AppError(
          'DOWNLOAD_FAILED',
          `Download of ${url} failed after ${attempts.toString()} attempts: ${error.message}. Check the network and try again; it will resume.`,
          { url, attempts },
          { cause: error },
        );
      }
      await sleep(backoffDelay(attempts, options.retryBaseDelayMs ?? DEFAULTS.retryBaseDelayMs), signal, url);
    }
  }
  const verified = await verifyPart(part, url, expectedSize, options.sha256 ?? null);
  meter.update(verified.size, verified.size, true);
  await fsyncPath(part);
  await rename(part, dest);
  await fsyncPath(path.dirname(dest));
  return { path: dest, ...verified, resumedFrom, attempts };
}

/** A server that announces a different size than the catalogue is serving a different file. */
function checkServerSize(url: string, serverTotal: number | null, expectedSize: number | null): void {
  if (serverTotal === null || expectedSize === null || serverTotal === expectedSize) return;
  throw new AppError(
    'CHECKSUM_MISMATCH',
    `${url} is ${serverTotal.toString()} bytes but the catalogue expects ${expectedSize.toString()}: the server (or mirror) has a different file.`,
    { url, expected: expectedSize, actual: serverTotal },
  );
}

async function verifyPart(
  part: string,
  url: string,
  expectedSize: number | null,
  expectedSha: string | null,
): Promise<Pick<DownloadFileResult, 'size' | 'sha256' | 'sha256Source'>> {
  const { size, sha256 } = await digestFile(part);
  const sizeWrong = expectedSize !== null && size !== expectedSize;
  const hashWrong = expectedSha !== null && sha256 !== expectedSha.toLowerCase();
  if (sizeWrong || hashWrong) {
    // A corrupt part would only be resumed into another corrupt file: start clean next time.
    await rm(part, { force: true });
    const detail = sizeWrong
      ? `${size.toString()} bytes instead of ${String(expectedSize)}`
      : `sha256 ${sha256} instead of ${String(expectedSha)}`;
    throw new AppError(
      'CHECKSUM_MISMATCH',
      `The download of ${url} is corrupt (${detail}); it was deleted. Try again, or check the mirror.`,
      {
        url,
        expectedSize,
        actualSize: size,
        expectedSha256: expectedSha,
        actualSha256: sha256,
      },
    );
  }
  return { size, sha256, sha256Source: expectedSha === null ? 'computed' : 'catalogue' };
}

export type { DownloadProgress };
