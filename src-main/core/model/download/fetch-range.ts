import { open, stat, truncate } from 'node:fs/promises';
import { AppError } from '../../../contract/errors.js';
import { cancelledError, isRetryableStatus, TransientDownloadError } from './retry.js';

export interface AttemptContext {
  url: string;
  /** the `.part` file that collects the bytes across attempts */
  part: string;
  fetchImpl: typeof fetch;
  signal: AbortSignal | undefined;
  stallTimeoutMs: number;
  expectedSize: number | null;
  /** called once the server has answered, with the byte the body starts at and the total size */
  onConnected: (start: number, total: number | null) => Promise<void>;
  onBytes: (bytesDone: number, total: number | null) => void;
}

interface RangeAnswer {
  start: number;
  total: number | null;
}

export async function partSize(part: string): Promise<number> {
  try {
    return (await stat(part)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}

function parseContentRange(header: string | null): { start: number | null; total: number | null } {
  const match = /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (match === null) return { start: null, total: null };
  return {
    start: match[1] === undefined ? null : Number(match[1]),
    total: match[2] === undefined || match[2] === '*' ? null : Number(match[2]),
  };
}

function contentLength(response: Response): number | null {
  const value = response.headers.get('content-length');
  return value === null || !/^\d+$/.test(value) ? null : Number(value);
}

/**
 * Reads the status of a (possibly ranged) answer. 206 continues the part, 200 means the server ignored
 * the range and sends everything (so the part restarts from zero), 416 means the part already holds
 * the whole file or is corrupt.
 */
async function interpret(response: Response, offset: number, ctx: AttemptContext): Promise<RangeAnswer> {
  const { url } = ctx;
  if (response.status === 206) {
    const range = parseContentRange(response.headers.get('content-range'));
    if (range.start === offset) return { start: offset, total: range.total };
    await truncate(ctx.part, 0);
    throw new TransientDownloadError(
      `${url} resumed at byte ${String(range.start)} instead of ${offset.toString()}; restarting`,
    );
  }
  if (response.status === 200) return { start: 0, total: contentLength(response) };
  if (response.status === 416 && offset > 0) {
    const { total } = parseContentRange(response.headers.get('content-range'));
    if (total === offset) return { start: offset, total };
    await truncate(ctx.part, 0);
    throw new TransientDownloadError(`${url} rejected the resume range; restarting from zero`);
  }
  if (isRetryableStatus(response.status)) {
    throw new TransientDownloadError(
      `${url} answered HTTP ${response.status.toString()} ${response.statusText}`,
    );
  }
  throw new AppError(
    'DOWNLOAD_FAILED',
    `Download of ${url} failed: HTTP ${response.status.toString()} ${response.statusText}. Check the model id, the mirror (SHOEBOX_MODEL_MIRROR) and the network.`,
    { url, status: response.status },
  );
}

/** Maps whatever a failed fetch threw onto: cancelled, transient (retry), or final. */
function classify(error: unknown, controller: AbortController, ctx: AttemptContext): Error {
  if (ctx.signal?.aborted === true) return cancelledError(ctx.url);
  if (controller.signal.reason instanceof TransientDownloadError) return controller.signal.reason;
  if (error instanceof AppError || error instanceof TransientDownloadError) return error;
  const message = error instanceof Error ? `${error.message}${causeText(error)}` : String(error);
  return new TransientDownloadError(`connection to ${ctx.url} failed: ${message}`);
}

function causeText(error: Error): string {
  return error.cause instanceof Error ? ` (${error.cause.message})` : '';
}

/**
 * One HTTP attempt: asks for the bytes after what the `.part` file already holds and appends them.
 * A stall timer aborts the connection when no byte arrives for `stallTimeoutMs`, which turns a hung
 * socket into a retry instead of a download that waits forever.
 */
export async function fetchIntoPart(ctx: AttemptContext): Promise<number> {
  const offset = await partSize(ctx.part);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const armStallTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort(
        new TransientDownloadError(`no data from ${ctx.url} for ${ctx.stallTimeoutMs.toString()} ms`),
      );
    }, ctx.stallTimeoutMs);
  };
  const onCancel = (): void => {
    controller.abort(cancelledError(ctx.url));
  };
  ctx.signal?.addEventListener('abort', onCancel, { once: true });
  try {
    armStallTimer();
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (offset > 0) headers['range'] = `bytes=${offset.toString()}-`;
    const response = await ctx.fetchImpl(ctx.url, { headers, signal: controller.signal });
    const discardBody = async (): Promise<void> => {
      await response.body?.cancel().catch(() => undefined);
    };
    let answer: RangeAnswer;
    try {
      answer = await interpret(response, offset, ctx);
      await ctx.onConnected(answer.start, answer.total);
    } catch (error) {
      await discardBody();
      throw error;
    }
    if (answer.total !== null && answer.start === answer.total) {
      await discardBody();
      return answer.total;
    }
    return await appendBody(response, answer, ctx, armStallTimer);
  } catch (error) {
    throw classify(error, controller, ctx);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onCancel);
  }
}

async function appendBody(
  response: Response,
  answer: RangeAnswer,
  ctx: AttemptContext,
  onData: () => void,
): Promise<number> {
  const handle = await open(ctx.part, answer.start === 0 ? 'w' : 'a');
  let done = answer.start;
  try {
    if (response.body !== null) {
      // undici's web stream is async-iterable; its iterator is typed loosely, so name the chunk type here.
      const body: AsyncIterable<Uint8Array> = response.body;
      for await (const chunk of body) {
        onData();
        await handle.writeFile(chunk);
        done += chunk.byteLength;
        ctx.onBytes(done, answer.total);
      }
    }
  } finally {
    await handle.close();
  }
  if (answer.total !== null && done !== answer.total) {
    throw new TransientDownloadError(
      `${ctx.url} closed the connection at byte ${done.toString()} of ${answer.total.toString()}`,
    );
  }
  return done;
}
