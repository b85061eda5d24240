import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PhotoEventSource, Unsubscribe } from '../contract/events.js';
import { SECURITY_HEADERS } from './responses.js';
import { PHOTO_EVENT_NAMES } from '../contract/events.js';

/** Proxies and idle timers drop silent connections; a comment line every 15 s keeps the stream open. */
const HEARTBEAT_MS = 15_000;

/**
 * `GET /api/events`: forwards every PhotoEvents entry as one server-sent event until the client goes.
 * Returns the function that ends the stream, which the server calls on close.
 */
export function openEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  events: PhotoEventSource,
): () => void {
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write(': connected\n\n');

  const unsubscribes: Unsubscribe[] = PHOTO_EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
    }),
  );
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);

  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    for (const unsubscribe of unsubscribes) unsubscribe();
    res.end();
  };
  req.on('close', end);
  res.on('close', end);
  return end;
}
