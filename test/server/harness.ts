import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import type { Core } from '../../src-main/core/core.js';
import { createCore } from '../../src-main/core/create-core.js';
import { startServer, type RunningServer } from '../../src-main/server/start-server.js';
import { writeColourSet } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

/** A file outside the served folder whose content must never appear in any response. */
export const SECRET = 'TOP-SECRET-shoebox-test';

export interface Harness {
  dir: string;
  core: Core;
  server: RunningServer;
  /** colour name → photo paths, all indexed */
  photos: Record<string, string[]>;
  staticDir: string;
  close(): Promise<void>;
}

/** A tiny built UI, plus a symlink inside it that points at the secret outside it. */
async function writeStaticDir(dir: string): Promise<string> {
  const staticDir = path.join(dir, 'static');
  await mkdir(path.join(staticDir, 'assets'), { recursive: true });
  await writeFile(
    path.join(staticDir, 'index.html'),
    '<!doctype html><title>Shoebox</title><script src="./assets/app.js"></script>',
  );
  await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("shoebox");\n');
  await writeFile(path.join(dir, 'secret.txt'), SECRET);
  await symlink(path.join(dir, 'secret.txt'), path.join(staticDir, 'leak.txt'));
  return staticDir;
}

/** A real core (tiny CLIP model, temp library, a few indexed photos) served on 127.0.0.1. */
export async function startHarness(): Promise<Harness> {
  const { dir, cleanup } = await makeTempDir('shoebox-server-');
  const photoDir = path.join(dir, 'photos');
  const photos = await writeColourSet(photoDir, ['red', 'green', 'blue'], 1);
  const core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
  await core.addRoot({ path: photoDir });
  await core.rescan({});
  const staticDir = await writeStaticDir(dir);
  const server = await startServer({ core, host: '127.0.0.1', port: 0, staticDir });
  return {
    dir,
    core,
    server,
    photos,
    staticDir,
    async close() {
      await server.close();
      await core.close();
      await cleanup();
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json(): unknown;
}

export interface RawRequest {
  method?: string;
  /** Sent exactly as given: no normalisation of `..` or escapes, unlike fetch. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One HTTP request with full control of the request line and headers (Host, Origin). */
export function rawRequest(port: number, options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text,
            json: () => JSON.parse(text) as unknown,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `POST /api/<method>` with the token header and a JSON body. */
export function callApi(
  harness: Harness,
  method: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(harness.server.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', 'x-shoebox-token': harness.server.token, ...headers },
    body: JSON.stringify(input),
  });
}
