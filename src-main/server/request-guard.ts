import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER } from '../http/wire-format.js';

export interface GuardContext {
  port: number;
  token: string;
  /** The owner's local token, written only into the library lock: a CLI of the same user, never a page. */
  localToken: string;
}

/** What a request may do: `page` (the page's token: [Note: paths from the page] applies) or `local` (a terminal). */
export type Trust = 'page' | 'local';

export interface RequestTarget {
  /** The path exactly as sent, not normalised: `/thumb/../x` must stay visible to be refused. */
  rawPath: string;
  query: URLSearchParams;
}

export type Refusal = { status: number; message: string };

export function splitTarget(rawUrl: string): RequestTarget {
  const mark = rawUrl.indexOf('?');
  if (mark < 0) return { rawPath: rawUrl, query: new URLSearchParams() };
  return { rawPath: rawUrl.slice(0, mark), query: new URLSearchParams(rawUrl.slice(mark + 1)) };
}

function ownHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/**
 * DNS rebinding defence: a hostile page whose name resolves to 127.0.0.1 still sends its own name as Host,
 * and an Origin check alone would let its same-origin requests through.
 */
export function checkHost(req: IncomingMessage, port: number): Refusal | null {
  const host = req.headers.host?.toLowerCase();
  if (host !== undefined && ownHosts(port).includes(host)) return null;
  return {
    status: 421,
    message: `This server answers only to 127.0.0.1:${port}; open the URL Shoebox printed.`,
  };
}

/** Browsers send Origin on cross-origin and on state-changing requests; only our own page may talk to us. */
export function checkOrigin(req: IncomingMessage, port: number): Refusal | null {
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  if (ownHosts(port).some((host) => origin.toLowerCase() === `http://${host}`)) return null;
  return {
    status: 403,
    message: `Requests from ${origin} are refused: only the Shoebox page may use this server.`,
  };
}

export function tokensEqual(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The local token travels only as a header, never in a URL. See [Note: one writer per library]. */
export function trustOf(req: IncomingMessage, query: URLSearchParams, context: GuardContext): Trust | null {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && tokensEqual(header, context.localToken)) return 'local';
  return hasToken(req, query, context) ? 'page' : null;
}

/** The token as a header (API calls) or as `?token=` (page, thumbnails, EventSource, which cannot set headers). */
export function hasToken(req: IncomingMessage, query: URLSearchParams, context: GuardContext): boolean {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string' && tokensEqual(header, context.token)) return true;
  const fromQuery = query.get('token');
  return fromQuery !== null && tokensEqual(fromQuery, context.token);
}

/** Cookies are shared by every port of a host, so the name carries the port to keep two servers apart. */
export function cookieName(port: number): string {
  return `shoebox_token_${port}`;
}

export function hasTokenCookie(req: IncomingMessage, context: GuardContext): boolean {
  const header = req.headers.cookie;
  if (header === undefined) return false;
  const name = cookieName(context.port);
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name && tokensEqual(rest.join('='), context.token)) return true;
  }
  return false;
}

/** Lets the page's own scripts and styles, which cannot carry `?token=`, load after the page was opened with it. */
export function tokenCookie(context: GuardContext): string {
  return `${cookieName(context.port)}=${context.token}; Path=/; HttpOnly; SameSite=Strict`;
}

export const TOKEN_REFUSAL: Refusal = {
  status: 401,
  message: 'Missing or wrong token: open the URL printed by `npm run serve`, which carries it.',
};
