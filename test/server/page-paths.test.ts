import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src-main/server/start-server.js';
import { terminalChooser } from '../../src-main/server/terminal-chooser.js';
import { callApi, rawRequest, startHarness, type Harness } from './harness.js';

/** A terminal that answers each question with the next of `answers`. */
function fakeTerminal(answers: string[]): { input: PassThrough & { isTTY: boolean }; output: PassThrough; asked: () => string } {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let asked = '';
  output.on('data', (chunk: Buffer) => {
    asked += chunk.toString();
    if (chunk.toString().includes('[y/N]')) input.write(`${answers.shift() ?? 'n'}\n`);
  });
  return { input, output, asked: () => asked };
}

function apiOn(server: RunningServer, method: string, input: unknown, token = server.token) {
  return rawRequest(server.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', 'x-shoebox-token': token },
    body: JSON.stringify(input),
  });
}

describe('the page cannot name a folder on its own', () => {
  let h: Harness;
  let albumId: string;
  beforeAll(async () => {
    h = await startHarness();
    albumId = (await h.core.createAlbum({ name: 'Reds', prompts: ['red'] })).id;
  });
  afterAll(async () => h.close());

  it('refuses every method that takes a path, with 403 and a way to do it; nothing is created', async () => {
    const elsewhere = path.join(h.dir, 'anywhere');
    const calls: [string, unknown][] = [
      ['addRoot', { path: elsewhere }],
      ['setAlbumMirror', { albumId, folder: path.join(elsewhere, 'mirror'), mode: 'copy' }],
      ['importModel', { path: elsewhere }],
      ['useModel', { dir: elsewhere }],
      ['planImport', { sources: ['/etc'] }],
      ['startImport', { sources: [path.join(h.dir, 'card')], to: path.join(elsewhere, 'imports') }],
      ['addImportFolder', { path: elsewhere }],
      ['setImportSettings', { folder: path.join(elsewhere, 'imports') }],
      ['exportCopies', { photoIds: ['any'], folder: path.join(elsewhere, 'exports') }],
      ['classify', { imagePath: '/etc/passwd', prompts: ['a'] }],
      ['search', { text: '', image: { path: '/etc/passwd' } }],
    ];
    for (const [method, input] of calls) {
      const answer = await callApi(h, method, input);
      expect(answer.status, method).toBe(403);
      expect(answer.json(), method).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await readdir(elsewhere).catch(() => null)).toBeNull();
    expect((await h.core.listRoots({})).map((r) => r.path)).not.toContain(elsewhere);
  });

  it('a terminal of the same user (the local token in the library lock) may name folders', async () => {
    const folder = path.join(h.dir, 'from-the-cli');
    await mkdir(folder);
    const answer = await apiOn(h.server, 'addRoot', { path: folder }, h.server.localToken);
    expect(answer.status, answer.text).toBe(200);
    expect((await h.core.listRoots({})).map((r) => r.path)).toContain(folder);
    await h.core.removeRoot({ path: folder });
  });

  it('`serve --allow DIR` lets the page add folders under DIR only; the terminal is asked about the rest', async () => {
    const allowed = path.join(h.dir, 'allowed');
    const asked = path.join(h.dir, 'asked');
    const refused = path.join(h.dir, 'refused');
    await Promise.all([mkdir(path.join(allowed, 'sub'), { recursive: true }), mkdir(asked), mkdir(refused)]);
    const terminal = fakeTerminal(['y', 'n']);
    const choosePath = terminalChooser({ allow: [allowed], input: terminal.input, output: terminal.output });
    const server = await startServer({ core: h.core, choosePath });
    try {
      expect((await apiOn(server, 'addRoot', { path: path.join(allowed, 'sub') })).status).toBe(200);
      expect((await apiOn(server, 'addRoot', { path: asked })).status).toBe(200);
      expect((await apiOn(server, 'addRoot', { path: refused })).status).toBe(403);
      expect(terminal.asked()).toContain(asked);
      expect(terminal.asked()).toContain(refused);
      expect(terminal.asked()).not.toContain(path.join(allowed, 'sub'));
      const roots = (await h.core.listRoots({})).map((r) => r.path);
      expect(roots).toEqual(expect.arrayContaining([path.join(allowed, 'sub'), asked]));
      expect(roots).not.toContain(refused);
    } finally {
      await server.close();
    }
  });

  it('without a terminal, nothing outside the allowed folders is asked or allowed', async () => {
    const choosePath = terminalChooser({ allow: [], input: new PassThrough(), output: new PassThrough() });
    const server = await startServer({ core: h.core, choosePath });
    try {
      expect((await apiOn(server, 'addRoot', { path: h.dir })).status).toBe(403);
    } finally {
      await server.close();
    }
  });
});

describe('errors a caller can fix are 4xx, never 500', () => {
  let h: Harness;
  beforeAll(async () => (h = await startHarness()));
  afterAll(async () => h.close());

  it('answers a bad query, a missing folder, an unknown photo and a file that is not a photo with 4xx and a code', async () => {
    const local = (method: string, input: unknown) => apiOn(h.server, method, input, h.server.localToken);
    const cases: [Promise<{ status: number; json(): unknown }>, number, string][] = [
      [callApi(h, 'search', { text: '"unclosed' }), 400, 'QUERY_INVALID'],
      [local('addRoot', { path: path.join(h.dir, 'not-there') }), 400, 'ROOT_NOT_FOUND'],
      [callApi(h, 'search', { text: '', image: { photoId: 'nope' } }), 404, 'NOT_FOUND'],
      [local('classify', { imagePath: path.join(h.dir, 'secret.txt'), prompts: ['a'] }), 415, 'UNSUPPORTED_FORMAT'],
    ];
    for (const [answer, status, code] of cases) {
      const response = await answer;
      expect(response.json(), code).toMatchObject({ ok: false, error: { code } });
      expect(response.status, code).toBe(status);
    }
  });
});
