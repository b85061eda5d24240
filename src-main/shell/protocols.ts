import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../contract/csp.js';
import { fileResponse } from './file-response.js';
import { contentTypeFor, lookupStaticFile } from '../http/static-files.js';
import { isPhotoId } from '../contract/envelope.js';
import { httpStatusFor } from '../http/wire-format.js';
import type { CoreHostClient } from './core-client.js';
import { APP_ORIGIN } from './security.js';

/**
 * [Note: app protocol]
 * The renderer is served from app://shoebox/ and photos from photo://thumb/<id> and photo://original/<id>,
 * never from file://: the page gets a real origin to pin the CSP and the IPC sender check to, and a photo is
 * reached only by an id that the core resolves to a path inside the library roots. file:// itself is refused.
 */
export const APP_CSP = contentSecurityPolicy({ imageSchemes: ['photo:'] });


/** Electron's protocol module, passed in so that the handlers run (and are tested) without Electron. */
export type ProtocolModule = Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;

/** Must run before `app` is ready: privileged schemes are fixed at start-up. */
export function registerPrivilegedSchemes(protocol: ProtocolModule): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: 'photo', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

function refuse(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** app://shoebox/<path>: a file of the built renderer, through the same lookup as the HTTP server. */
export async function serveRenderer(rendererDir: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return refuse(404, 'Unknown app host.');
  const found = await lookupStaticFile(rendererDir, url.pathname);
  if (found.kind !== 'file')
    return refuse(found.kind === 'missing' ? 404 : 403, 'Not part of the Shoebox page.');
  return new Response(await readFile(found.path), {
    headers: {
      'content-type': contentTypeFor(found.path),
      'content-security-policy': APP_CSP,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** photo://thumb/<id>, photo://original/<id> and photo://full/<id> (every pixel, for 1:1 zoom): the bytes of the file the core resolves the id to. */
export async function servePhoto(host: Pick<CoreHostClient, 'file'>, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const kind = url.hostname;
  const id = url.pathname.slice(1);
  if ((kind !== 'thumb' && kind !== 'original' && kind !== 'full') || !isPhotoId(id)) {
    return refuse(400, 'Photos are fetched as photo://thumb/<id>, photo://original/<id> or photo://full/<id>.');
  }
  const result = await host.file(kind, id);
  if (!result.ok) return refuse(httpStatusFor(result.error.code), result.error.message);
  return fileResponse(result.value.path, result.value.mime, request.headers.get('range'));
}


/** Installs the handlers on the default session; call once `app` is ready. */
export function handleProtocols(protocol: ProtocolModule, host: Pick<CoreHostClient, 'file'>, rendererDir: string): void {
  protocol.handle('app', (request) => serveRenderer(rendererDir, request));
  protocol.handle('photo', (request) => servePhoto(host, request));
  protocol.handle('file', () => Promise.resolve(refuse(403, 'Shoebox does not open file:// URLs.')));
}
