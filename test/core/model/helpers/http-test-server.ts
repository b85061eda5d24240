import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How the server answers one request for a file. Plans are consumed in order, one step per request;
 * once a file's plan is used up every further request is answered normally.
 */
export type Step =
  | { kind: 'ok' }
  /** sends the headers of a full answer, `bytes` of the body, then drops the connection */
  | { kind: 'drop'; bytes: number }
  /** sends the headers and `bytes` of the body, then goes silent with the connection open */
  | { kind: 'stall'; bytes: number }
  | { kind: 'status'; status: number }
  /** answers 200 with the whole file even when a Range was asked for */
  | { kind: 'ignore-range' };

export interface RecordedRequest {
  path: string;
  range: string | undefined;
}

/** A real HTTP server on 127.0.0.1 and a random port, serving in-memory files. */
export class HttpTestServer {
  readonly requests: RecordedRequest[] = [];
  /** called as each request arrives, before it is answered: lets a test look at the client's state then */
  onRequest: ((request: RecordedRequest) => void) | undefined;
  private readonly files = new Map<string, { body: Buffer; plan: Step[] }>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;
  private base = '';

  serve(path: string, body: Buffer, plan: Step[] = []): void {
    this.files.set(path, { body, plan: [...plan] });
  }

  get baseUrl(): string {
    return this.base;
  }

  requestsFor(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res);
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('test server has no port');
    this.server = server;
    this.base = `http://127.0.0.1:${address.port.toString()}`;
    return this.base;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    const server = this.server;
    if (server !== undefined)
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const recorded = { path, range: req.headers.range };
    this.requests.push(recorded);
    this.onRequest?.(recorded);
    const file = this.files.get(path);
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const step = file.plan.shift() ?? { kind: 'ok' };
    if (step.kind === 'status') {
      res.writeHead(step.status, { 'content-type': 'text/plain' }).end(`status ${step.status.toString()}`);
      return;
    }
    const rangeStart = step.kind === 'ignore-range' ? null : parseRange(req.headers.range);
    const start = rangeStart ?? 0;
    const body = file.body.subarray(start);
    const headers: Record<string, string> = {
      'content-length': body.length.toString(),
      'content-type': 'application/octet-stream',
    };
    if (rangeStart !== null)
      headers['content-range'] =
        `bytes ${start.toString()}-${(file.body.length - 1).toString()}/${file.body.length.toString()}`;
    res.writeHead(rangeStart === null ? 200 : 206, headers);
    if (step.kind === 'drop') {
      res.write(body.subarray(0, step.bytes), () => {
        res.socket?.destroy();
      });
    } else if (step.kind === 'stall') {
      res.write(body.subarray(0, step.bytes));
    } else {
      res.end(body);
    }
  }
}

function parseRange(header: string | undefined): number | null {
  const match = /^bytes=(\d+)-$/.exec(header ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}
