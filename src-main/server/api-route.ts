import type { IncomingMessage, ServerResponse } from 'node:http';
import { callApiMethod, isApiMethod, type PhotoApi } from '../contract/api.js';
import { guardPagePaths, maxInputBytes, type ChoosePath } from '../contract/page-guard.js';
import { AppError } from '../contract/errors.js';
import { parseInput } from '../contract/parse.js';
import type { Trust } from './request-guard.js';
import { sendRefusal, sendThrown, sendValue } from './responses.js';

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new AppError('INVALID_INPUT', `The request body is over ${limit} bytes; send a smaller input.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonBody(text: string, method: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(
      'INVALID_INPUT',
      `${method}: the request body is not valid JSON; send one JSON object.`,
    );
  }
}

/** `POST /api/<method>`: see [Note: wire format]. */
export async function handleApiCall(
  req: IncomingMessage,
  res: ServerResponse,
  api: PhotoApi,
  method: string,
  trust: Trust = 'page',
  choosePath: ChoosePath | null = null,
): Promise<void> {
  if (!isApiMethod(method)) {
    sendRefusal(res, 404, 'NOT_FOUND', `There is no API method "${method}".`);
    return;
  }
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    sendRefusal(res, 405, 'INVALID_INPUT', `Call ${method} with POST and a JSON body.`);
    return;
  }
  try {
    const parsed = parseInput(method, parseJsonBody(await readBody(req, maxInputBytes(method)), method));
    // A terminal of the same user (the CLI through the owner) may name files; a page asks the person.
    const input = trust === 'page' ? await guardPagePaths(method, parsed, choosePath) : parsed;
    sendValue(res, await callApiMethod(api, method, input));
  } catch (error) {
    sendThrown(res, error);
  }
}
