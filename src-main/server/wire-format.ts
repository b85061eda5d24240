import { contentSecurityPolicy } from '../contract/csp.js';
import type { ErrorCode } from '../contract/errors.js';

/**
 * [Note: wire format]
 * The loopback HTTP transport (and the Electron IPC envelope, which is the same JSON) speaks:
 *
 *   POST /api/<method>   body: the method's single input object as JSON (empty body = `{}`),
 *                        header `x-shoebox-token: <token>` (or `?token=`).
 *     → 200 `{ "ok": true, "value": <result, null for void> }`
 *     → 400 INVALID_INPUT, QUERY_INVALID | 404 NOT_FOUND (also an unknown method) | 403 FORBIDDEN | 500 any other code,
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

export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_INPUT':
    case 'QUERY_INVALID':
      return 400;
    case 'NOT_FOUND':
      return 404;
    case 'FORBIDDEN':
      return 403;
    default:
      return 500;
  }
}
