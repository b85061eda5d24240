import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { API_METHODS, type ApiMethod } from '../contract/api.js';
import { AppError, isErrorPayload } from '../contract/errors.js';
import type { PhotoEventName } from '../contract/events.js';
import type { Core } from '../core/core.js';
import { describeOwner, type LockOwner, type OwnerEndpoint } from '../core/library-lock.js';
import { TOKEN_HEADER } from '../http/wire-format.js';

type Listener = (payload: unknown) => void;

const remoteCores = new WeakSet<Core>();

/** Whether `core` talks to another process that owns the library (see openRemoteCore). */
export function isRemoteCore(core: Core): boolean {
  return remoteCores.has(core);
}

function lostOwner(owner: LockOwner, reason: string): AppError {
  return new AppError('LIBRARY_LOCKED', `Lost the connection to ${describeOwner(owner)}: ${reason}. Run the command again.`);
}

/** One POST of the wire format ([Note: wire format]) with node:http, which sets no deadline on a long rescan. */
function post(owner: LockOwner, endpoint: OwnerEndpoint, method: ApiMethod, input: unknown): Promise<unknown> {
  const body = JSON.stringify(input ?? {});
  return new Promise((resolve, reject) => {
    const req = request(
      `${endpoint.url}/api/${method}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), [TOKEN_HEADER]: endpoint.token },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => {
          reject(lostOwner(owner, error.message));
        });
        res.on('end', () => {
          try {
            resolve(readEnvelope(Buffer.concat(chunks).toString('utf8'), method));
          } catch (error) {
            reject(error instanceof AppError ? error : lostOwner(owner, String(error)));
          }
        });
      },
    );
    req.on('error', (error) => {
      reject(lostOwner(owner, error.message));
    });
    req.end(body);
  });
}

function readEnvelope(text: string, method: ApiMethod): unknown {
  const envelope = JSON.parse(text) as { ok?: boolean; value?: unknown; error?: unknown };
  if (envelope.ok === true) return envelope.value;
  if (isErrorPayload(envelope.error)) throw new AppError(envelope.error.code, envelope.error.message, envelope.error.details);
  throw new AppError('INTERNAL', `${method}: the library's owner answered something that is not a result.`);
}

/** Reads `event:`/`data:` blocks of the owner's event stream and hands each to its listeners. */
function readEvents(res: IncomingMessage, listeners: Map<string, Set<Listener>>): void {
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = '';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) name = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (name === '' || data === '') continue;
      const payload = JSON.parse(data) as unknown;
      for (const listener of listeners.get(name) ?? []) listener(payload);
    }
  });
}

function openEvents(endpoint: OwnerEndpoint, listeners: Map<string, Set<Listener>>): Promise<ClientRequest> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint.url}/api/events`, { headers: { [TOKEN_HEADER]: endpoint.token } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new AppError('FORBIDDEN', `The library's owner refused its event stream (HTTP ${res.statusCode ?? 0}).`));
        res.resume();
        return;
      }
      readEvents(res, listeners);
      resolve(req);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The PhotoApi of the process that owns the library, over its loopback API with the local token from the
 * library lock: the CLI's commands run unchanged against it. The event stream is open before this resolves,
 * so a command that waits for an event (a download's end) cannot miss it.
 */
export async function openRemoteCore(owner: LockOwner, endpoint: OwnerEndpoint): Promise<Core> {
  const listeners = new Map<string, Set<Listener>>();
  const events = await openEvents(endpoint, listeners).catch((error: unknown) => {
    throw error instanceof AppError ? error : lostOwner(owner, String(error));
  });
  events.on('error', () => undefined);
  const methods: Partial<Record<ApiMethod, (input: unknown) => Promise<unknown>>> = {};
  for (const method of API_METHODS) methods[method] = (input) => post(owner, endpoint, method, input);
  const refuse = (): Promise<never> =>
    Promise.reject(new AppError('INVALID_INPUT', 'Photo files are served to pages, not to the command line.'));
  const core = {
    ...methods,
    on(name: PhotoEventName, listener: Listener) {
      const set = listeners.get(name) ?? new Set<Listener>();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    thumbnailFile: refuse,
    originalFile: refuse,
    announce: () => Promise.resolve(),
    // a command is no page: the owner warms for its own page ([Note: warming for the page])
    warmForPage: () => Promise.resolve('stopped' as const),
    close() {
      events.destroy();
      return Promise.resolve();
    },
  } as unknown as Core;
  remoteCores.add(core);
  return core;
}
