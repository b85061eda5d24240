import type { ServerResponse } from 'node:http';
import type { ErrorCode } from '../contract/errors.js';
import { errorEnvelope, okEnvelope } from '../contract/envelope.js';
import { CONTENT_SECURITY_POLICY, httpStatusFor } from '../http/wire-format.js';

/** Sent with every response, whatever route answers: see [Note: wire format]. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  // The token travels in page URLs; never let it leave in a Referer.
  'referrer-policy': 'no-referrer',
  // Another origin on this machine must not embed our thumbnails with <img> and a stolen cookie.
  'cross-origin-resource-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

export function sendValue(res: ServerResponse, value: unknown): void {
  sendJson(res, 200, okEnvelope(value));
}

/** Sends anything thrown as `{ ok: false, error }` with the status its code maps to. */
export function sendThrown(res: ServerResponse, error: unknown): void {
  const envelope = errorEnvelope(error);
  if (envelope.ok) return;
  sendJson(res, httpStatusFor(envelope.error.code), envelope);
}

/** For refusals decided by the transport itself, whose HTTP status is not the code's usual one (401, 405, 421). */
export function sendRefusal(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}
