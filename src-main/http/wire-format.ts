import { contentSecurityPolicy } from '../contract/csp.js';
import type { ErrorCode } from '../contract/errors.js';

/**
 * [Note: wire format]
 * The loopback HTTP transport (and the Electron IPC envelope, which is the same JSON) speaks:
 *
 *   POST /api/<method>   body: the method's single input object as JSON (empty body = `{}`),
 *                        header `x-shoebox-token: <token>` (or `?token=`).
 *     → 200 `{ "ok": true, "value": <result, null for void> }`
 *     → 4xx for input the caller can fix (400 INVALID_INPUT, QUERY_INVALID, ROOT_*; 404 NOT_FOUND, also an
 *       unknown method; 403 FORBIDDEN; 415/413/422 for a file that is not a usable photo; 409 not ready/taken;
 *       423 LIBRARY_LOCKED), 5xx only for the engine's own failures (see STATUS below),
 *       body `{ "ok": false, "error": { "code": <ErrorCode>, "message": <readable text> } }`
 *   GET /api/events?token=   server-sent events: `event: <PhotoEventName>` + `data: <JSON payload>`,
 *                            a `: heartbeat` comment every 15 s.
 *   GET /thumb/<id>?token=   the thumbnail bytes; GET /original/<id>?token= the original file.
 *                            An id matches ^[A-Za-z0-9_-]{1,128}$, nothing else is accepted.
 *   GET /<anything else>     the built renderer (SPA fallback to index.html). Opening `/?token=` sets an
 *                            HttpOnly cookie that unlocks only these static files, so the page's own
 *                            scripts and styles load; the API, events and photos always need the token itself.
 *
 * Every response carries the CSP below. A request whose Host is not 127.0.0.1:PORT or localhost:PORT
 * is refused with 421, one with a foreign Origin with 403, one without the right token with 401.
 */

export const TOKEN_HEADER = 'x-shoebox-token';

export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/**
 * Invalid input of any kind (a bad query, a folder that is not there, a file that is not a photo, a model
 * folder that is not a model) is the caller's to fix: 4xx. Only the engine's own failures are 5xx.
 * A Record keeps this exhaustive: a new code fails the typecheck until it has a status.
 */
const STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  QUERY_INVALID: 400,
  ROOT_NOT_FOUND: 400,
  ROOT_OVERLAPS: 400,
  UNSUPPORTED_FORMAT: 415,
  IMAGE_TOO_LARGE: 413,
  FILE_EMPTY: 422,
  FILE_TRUNCATED: 422,
  DECODE_FAILED: 422,
  FILE_UNREADABLE: 422,
  FILE_BUSY: 409,
  MODEL_NOT_FOUND: 404,
  MODEL_INVALID: 422,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  ALREADY_EXISTS: 409,
  MODEL_NOT_READY: 409,
  PROVIDER_UNAVAILABLE: 409,
  CANCELLED: 409,
  LIBRARY_LOCKED: 423,
  CHECKSUM_MISMATCH: 502,
  DOWNLOAD_FAILED: 502,
  DISK_FULL: 507,
  CATALOG_ERROR: 500,
  FILE_OPERATION_FAILED: 500,
  INTERNAL: 500,
};

export function httpStatusFor(code: ErrorCode): number {
  return STATUS[code];
}
