import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core.js';
import { createCore } from '../../src-main/core/create-core.js';
import { startServer } from '../../src-main/server/start-server.js';
import { makeTempDir } from '../helpers/temp-dir.js';

describe('closing the server', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let core: Core;
  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-close-'));
    core = await createCore({ libraryDir: path.join(dir, 'library') });
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('ends even when a browser holds a spare connection that never sent a request', async () => {
    const server = await startServer({ core });
    // Chromium opens such connections ahead of need; `npm start` hung on SIGTERM behind one.
    const spare = connect(server.port, '127.0.0.1');
    await new Promise<void>((resolve) => spare.once('connect', () => resolve()));
    const ended = new Promise<void>((resolve) => spare.once('close', () => resolve()));
    const closed = server.close().then(() => 'closed');
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('still open after 5 s'), 5_000));
    expect(await Promise.race([closed, late])).toBe('closed');
    await ended;
  });
});
