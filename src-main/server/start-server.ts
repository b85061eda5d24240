import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../contract/errors.js';
import type { ChoosePath } from '../contract/page-guard.js';
import type { Core } from '../core/core.js';
import { handleApiCall } from './api-route.js';
import { openEventStream } from './event-stream.js';
import { handlePhotoFile } from './photo-route.js';
import {
  checkHost,
  checkOrigin,
  hasTokenCookie,
  splitTarget,
  TOKEN_REFUSAL,
  tokenCookie,
  type GuardContext,
  trustOf,
  type RequestTarget,
  type Trust,
} from './request-guard.js';
import { sendRefusal, sendThrown } from './responses.js';
import { serveStatic } from './serve-static.js';

export interface ServerOptions {
  core: Core;
  /** Loopback only: the type admits nothing else. */
  host?: '127.0.0.1';
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (`out/renderer`); without it only the API, events and photos are served. */
  staticDir?: string;
  /** A fixed token (tests, scripted runs); by default 32 random bytes. */
  token?: string;
  /** Who confirms a folder the page names ([Note: paths from the page]); without one such calls are refused. */
  choosePath?: ChoosePath;
}

export interface RunningServer {
  /** The page URL with the token, to print or open. */
  url: string;
  token: string;
  /** The token a CLI of the same user presents (from the library lock); pages never see it. */
  localToken: string;
  port: number;
  close(): Promise<void>;
}

const MIN_TOKEN_LENGTH = 16;

/**
 * How long close() lets requests in flight finish before it drops every connection: a browser opens
 * spare connections ahead of need, and one that never sent a request is neither idle nor busy to Node,
 * so `closeIdleConnections` leaves it and `server.close` would wait for it for minutes.
 */
const CLOSE_GRACE_MS = 2_000;

interface Routing {
  core: Core;
  staticDir: string | undefined;
  guard: GuardContext;
  streams: Set<() => void>;
  choosePath: ChoosePath | null;
}

function isReadMethod(req: IncomingMessage): boolean {
  return req.method === 'GET' || req.method === 'HEAD';
}

async function routeAuthorised(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  routing: Routing,
  trust: Trust,
) {
  const { rawPath } = target;
  const headOnly = req.method === 'HEAD';
  if (rawPath === '/api/events' && req.method === 'GET') {
    const end = openEventStream(req, res, routing.core);
    routing.streams.add(end);
    res.on('close', () => routing.streams.delete(end));
  } else if (rawPath.startsWith('/api/')) {
    await handleApiCall(req, res, routing.core, rawPath.slice('/api/'.length), trust, routing.choosePath);
  } else if (!isReadMethod(req)) {
    sendRefusal(res, 405, 'INVALID_INPUT', `${req.method ?? 'This method'} is not allowed on ${rawPath}.`);
  } else if (rawPath.startsWith('/thumb/')) {
    await handlePhotoFile(res, routing.core, 'thumb', rawPath.slice('/thumb/'.length), headOnly);
  } else if (rawPath.startsWith('/original/')) {
    await handlePhotoFile(res, routing.core, 'original', rawPath.slice('/original/'.length), headOnly, req.headers.range);
  } else if (rawPath.startsWith('/full/')) {
    await handlePhotoFile(res, routing.core, 'full', rawPath.slice('/full/'.length), headOnly, req.headers.range);
  } else if (routing.staticDir === undefined) {
    sendRefusal(res, 404, 'NOT_FOUND', 'This server has no built UI: run `npx electron-vite build` first.');
  } else {
    const pageHeaders = { 'set-cookie': tokenCookie(routing.guard) };
    await serveStatic(res, routing.staticDir, { rawPath, headOnly, pageHeaders });
  }
}

/** Host, then Origin, then the token: see [Note: wire format]. */
async function handleRequest(req: IncomingMessage, res: ServerResponse, routing: Routing): Promise<void> {
  const refusal = checkHost(req, routing.guard.port) ?? checkOrigin(req, routing.guard.port);
  if (refusal !== null) {
    sendRefusal(res, refusal.status, 'FORBIDDEN', refusal.message);
    return;
  }
  const target = splitTarget(req.url ?? '/');
  const isData = /^\/(api|thumb|original)\//.test(target.rawPath);
  const trust =
    trustOf(req, target.query, routing.guard) ??
    (!isData && isReadMethod(req) && hasTokenCookie(req, routing.guard) ? 'page' : null);
  if (trust === null) {
    sendRefusal(res, TOKEN_REFUSAL.status, 'FORBIDDEN', TOKEN_REFUSAL.message);
    return;
  }
  await routeAuthorised(req, res, target, routing, trust);
}

function chooseToken(token: string | undefined): string {
  if (token === undefined) return randomBytes(32).toString('base64url');
  if (token.length < MIN_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) {
    throw new AppError(
      'INVALID_INPUT',
      `A server token needs ${MIN_TOKEN_LENGTH}+ characters of [A-Za-z0-9_-].`,
    );
  }
  return token;
}

/** Serves `core` over loopback HTTP until `close()`; the caller still owns (and closes) the core. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const routing: Routing = {
    core: options.core,
    staticDir: options.staticDir,
    guard: { port: 0, token: chooseToken(options.token), localToken: randomBytes(32).toString('base64url') },
    streams: new Set(),
    choosePath: options.choosePath ?? null,
  };
  const server = createServer((req, res) => {
    handleRequest(req, res, routing).catch((error: unknown) => {
      if (!res.headersSent) sendThrown(res, error);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  routing.guard.port = port;
  // a server with the UI serves a person's page: the core prepares for it ([Note: warming for the page]); one
  // without (the CLI's `watch`, which serves other commands) does not
  if (options.staticDir !== undefined) void options.core.warmForPage();
  const token = routing.guard.token;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const end of routing.streams) end();
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      server.close(() => {
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { url: `http://${host}:${port}/?token=${token}`, token, localToken: routing.guard.localToken, port, close };
}
