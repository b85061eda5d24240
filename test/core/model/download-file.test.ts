import { createHash, randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/contract/errors.js';
import { downloadFile, type DownloadProgress } from '../../../src-main/core/model/download/download-file.js';
import { HttpTestServer } from './helpers/http-test-server.js';

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const FAST = { retryBaseDelayMs: 10, stallTimeoutMs: 2000, progressIntervalMs: 0 };

async function expectAppError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error: unknown = await promise.then(
    () => new Error('expected the download to fail'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

describe('downloadFile against a loopback HTTP server', () => {
  const server = new HttpTestServer();
  const body = randomBytes(3 * 1024 * 1024 + 17);
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shoebox-dl-'));
    server.requests.length = 0;
    server.onRequest = undefined;
    await server.start();
  });
  afterEach(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads the whole file with monotonic progress ending at the total', async () => {
    server.serve('/blob.bin', body);
    const events: DownloadProgress[] = [];
    const dest = path.join(dir, 'sub', 'blob.bin');
    const result = await downloadFile({
      url: `${server.baseUrl}/blob.bin`,
      dest,
      onProgress: (p) => events.push(p),
      ...FAST,
    });

    expect((await readFile(dest)).equals(body)).toBe(true);
    expect(result).toMatchObject({
      size: body.length,
      sha256: sha256(body),
      sha256Source: 'computed',
      resumedFrom: 0,
      attempts: 1,
    });
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(events.length).toBeGreaterThan(2);
    for (let i = 1; i < events.length; i += 1)
      expect(events[i]?.bytesDone).toBeGreaterThanOrEqual(events[i - 1]?.bytesDone ?? 0);
    expect(events.at(-1)).toMatchObject({ bytesDone: body.length, bytesTotal: body.length, etaSeconds: 0 });
    expect(events.every((e) => e.bytesTotal === body.length && e.ratePerSec >= 0)).toBe(true);
  });

  it('resumes from the right byte after the server drops the connection mid-body', async () => {
    const dropAt = 1_000_003;
    server.serve('/blob.bin', body, [{ kind: 'drop', bytes: dropAt }]);
    const dest = path.join(dir, 'blob.bin');
    // What the client had saved when it asked again is the byte it must resume from. (TCP and the
    // HTTP client may lose the last chunks in flight when a connection drops, so it can be < dropAt.)
    const savedAtRequest: number[] = [];
    server.onRequest = () =>
      savedAtRequest.push(existsSync(`${dest}.part`) ? statSync(`${dest}.part`).size : 0);
    const result = await downloadFile({
      url: `${server.baseUrl}/blob.bin`,
      dest,
      sha256: sha256(body),
      retries: 3,
      ...FAST,
    });

    const saved = savedAtRequest[1] ?? -1;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThanOrEqual(dropAt);
    expect(server.requestsFor('/blob.bin').map((r) => r.range)).toEqual([
      undefined,
      `bytes=${saved.toString()}-`,
    ]);
    expect(result).toMatchObject({ sha256: sha256(body), sha256Source: 'catalogue', attempts: 2 });
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('keeps the .part after a failed run and resumes it in the next run', async () => {
    const dropAt = 700_001;
    server.serve('/blob.bin', body, [{ kind: 'drop', bytes: dropAt }]);
    const dest = path.join(dir, 'blob.bin');
    const url = `${server.baseUrl}/blob.bin`;
    const error = await expectAppError(downloadFile({ url, dest, retries: 0, ...FAST }), 'DOWNLOAD_FAILED');
    expect(error.message).toContain(url);
    const saved = (await stat(`${dest}.part`)).size;
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThanOrEqual(dropAt);

    const result = await downloadFile({ url, dest, sha256: sha256(body), ...FAST });
    expect(result.resumedFrom).toBe(saved);
    expect(server.requestsFor('/blob.bin').at(-1)?.range).toBe(`bytes=${saved.toString()}-`);
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('starts over when the server ignores the range and sends the whole file (200, not 206)', async () => {
    server.serve('/blob.bin', body, [{ kind: 'ignore-range' }]);
    const dest = path.join(dir, 'blob.bin');
    await writeFile(`${dest}.part`, randomBytes(4096));
    const result = await downloadFile({
      url: `${server.baseUrl}/blob.bin`,
      dest,
      sha256: sha256(body),
      ...FAST,
    });
    expect(server.requests[0]?.range).toBe('bytes=4096-');
    expect(result.sha256).toBe(sha256(body));
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('rejects a file whose sha256 is wrong and deletes the bad part', async () => {
    server.serve('/blob.bin', body);
    const dest = path.join(dir, 'blob.bin');
    const wrong = sha256(Buffer.from('another file'));
    const error = await expectAppError(
      downloadFile({ url: `${server.baseUrl}/blob.bin`, dest, sha256: wrong, ...FAST }),
      'CHECKSUM_MISMATCH',
    );
    expect(error.details).toMatchObject({ expectedSha256: wrong, actualSha256: sha256(body) });
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('rejects a server that announces a different size than expected before writing anything', async () => {
    server.serve('/blob.bin', body);
    const dest = path.join(dir, 'blob.bin');
    await expectAppError(
      downloadFile({ url: `${server.baseUrl}/blob.bin`, dest, expectedSize: body.length + 1, ...FAST }),
      'CHECKSUM_MISMATCH',
    );
    expect(existsSync(dest)).toBe(false);
  });

  it('fails a 404 at once, naming the URL and the status, without retrying', async () => {
    const url = `${server.baseUrl}/missing.bin`;
    const error = await expectAppError(
      downloadFile({ url, dest: path.join(dir, 'missing.bin'), retries: 5, ...FAST }),
      'DOWNLOAD_FAILED',
    );
    expect(error.message).toContain(url);
    expect(error.message).toContain('404');
    expect(server.requestsFor('/missing.bin')).toHaveLength(1);
  });

  it('retries a 503 with backoff and then succeeds', async () => {
    server.serve('/blob.bin', body, [
      { kind: 'status', status: 503 },
      { kind: 'status', status: 502 },
    ]);
    const result = await downloadFile({
      url: `${server.baseUrl}/blob.bin`,
      dest: path.join(dir, 'blob.bin'),
      retries: 3,
      ...FAST,
    });
    expect(result.attempts).toBe(3);
    expect(server.requestsFor('/blob.bin')).toHaveLength(3);
  });

  it('gives up after the configured retries when the server keeps failing', async () => {
    server.serve(
      '/blob.bin',
      body,
      Array.from({ length: 10 }, () => ({ kind: 'status' as const, status: 500 })),
    );
    const error = await expectAppError(
      downloadFile({
        url: `${server.baseUrl}/blob.bin`,
        dest: path.join(dir, 'blob.bin'),
        retries: 2,
        ...FAST,
      }),
      'DOWNLOAD_FAILED',
    );
    expect(error.message).toContain('3 attempts');
    expect(server.requestsFor('/blob.bin')).toHaveLength(3);
  });

  it('drops a stalled connection after the stall timeout and resumes on a new one', async () => {
    const stallAt = 256 * 1024;
    server.serve('/blob.bin', body, [{ kind: 'stall', bytes: stallAt }]);
    const started = performance.now();
    const result = await downloadFile({
      url: `${server.baseUrl}/blob.bin`,
      dest: path.join(dir, 'blob.bin'),
      sha256: sha256(body),
      ...FAST,
      stallTimeoutMs: 300,
    });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.attempts).toBe(2);
    expect(server.requestsFor('/blob.bin')[1]?.range).toBe(`bytes=${stallAt.toString()}-`);
  });

  it('cancels promptly with CANCELLED, keeping the part and installing nothing', async () => {
    server.serve('/blob.bin', body, [{ kind: 'stall', bytes: 128 * 1024 }]);
    const dest = path.join(dir, 'blob.bin');
    const controller = new AbortController();
    const promise = downloadFile({
      url: `${server.baseUrl}/blob.bin`,
      dest,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone >= 128 * 1024) controller.abort();
      },
      ...FAST,
      stallTimeoutMs: 10_000,
    });
    await expectAppError(promise, 'CANCELLED');
    expect(existsSync(dest)).toBe(false);
    expect((await stat(`${dest}.part`)).size).toBe(128 * 1024);
  });

  it('refuses to start when the disk cannot hold the file', async () => {
    server.serve('/blob.bin', body);
    const error = await expectAppError(
      downloadFile({
        url: `${server.baseUrl}/blob.bin`,
        dest: path.join(dir, 'blob.bin'),
        expectedSize: 2 ** 60,
        ...FAST,
      }),
      'DISK_FULL',
    );
    expect(error.message).toContain(dir);
    expect(server.requests).toHaveLength(0);
  });
});
