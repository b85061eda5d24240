import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelope, okEnvelope } from '../../src-main/contract/envelope.js';
import type { Core } from '../../src-main/core/core.js';
import { createCore } from '../../src-main/core/create-core.js';
import { CONTENT_SECURITY_POLICY } from '../../src-main/http/wire-format.js';
import type { PhotoFileKind } from '../../src-main/shell/host-protocol.js';
import { APP_CSP, handleProtocols, registerPrivilegedSchemes, servePhoto, serveRenderer } from '../../src-main/shell/protocols.js';
import { writeColourSet } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

const SECRET = 'not-part-of-the-page';

describe('the app:// and photo:// protocols on real files', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let renderer = '';
  let core: Core;
  let photoIds: string[] = [];
  // The real core answers `file` as the host does: by id, never by path.
  const host = {
    file: (kind: PhotoFileKind, id: string) =>
      (kind === 'thumb' ? core.thumbnailFile(id) : core.originalFile(id)).then(okEnvelope, errorEnvelope) as never,
  };
  const app = (urlPath: string) => serveRenderer(renderer, new Request(`app://shoebox${urlPath}`));

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-shell-protocols-'));
    renderer = path.join(dir, 'renderer');
    await mkdir(path.join(renderer, 'assets'), { recursive: true });
    await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Shoebox</title>');
    await writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log(1);');
    await writeFile(path.join(dir, 'secret.txt'), SECRET);
    await symlink(path.join(dir, 'secret.txt'), path.join(renderer, 'assets', 'leak.txt'));
    await symlink(dir, path.join(renderer, 'outside'));
    const photos = path.join(dir, 'photos');
    await writeColourSet(photos, ['red'], 1);
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
    await core.addRoot({ path: photos });
    await core.rescan({});
    photoIds = (await core.listPhotos({})).photos.map((photo) => photo.id);
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('serves the page’s files with the CSP, and client-side routes with index.html', async () => {
    const page = await app('/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(await (await app('/assets/app.js')).text()).toBe('console.log(1);');
    expect(await (await app('/albums/some-album')).text()).toContain('<title>Shoebox</title>');
    expect((await app('/assets/missing.js')).status).toBe(404);
  });

  it.each([
    ['a climb out with ..', '/assets/../../secret.txt'],
    ['an encoded climb', '/%2e%2e/secret.txt'],
    ['encoded separators', '/..%2F..%2Fsecret.txt'],
    ['an encoded backslash climb', '/..%5C..%5Csecret.txt'],
    ['a symlinked file out of the root', '/assets/leak.txt'],
    ['a symlinked folder out of the root', '/outside/secret.txt'],
  ])('never serves a file outside the renderer by %s', async (_how, urlPath) => {
    const response = await app(urlPath);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain(SECRET);
  });

  it('refuses another app host', async () => {
    const response = await serveRenderer(renderer, new Request('app://elsewhere/index.html'));
    expect(response.status).toBe(404);
  });

  it('serves a photo’s thumbnail and original by id, and refuses anything that is not an id', async () => {
    const [id] = photoIds;
    const original = await servePhoto(host, new Request(`photo://original/${id ?? ''}`));
    expect(original.status).toBe(200);
    expect(original.headers.get('content-type')).toBe('image/jpeg');
    expect((await original.arrayBuffer()).byteLength).toBeGreaterThan(100);
    const thumb = await servePhoto(host, new Request(`photo://thumb/${id ?? ''}`));
    expect(thumb.status).toBe(200);
    // every pixel, for the viewer's 1:1 zoom
    const full = await servePhoto(host, new Request(`photo://full/${id ?? ''}`));
    expect(full.status).toBe(200);
    expect((await full.arrayBuffer()).byteLength).toBe((await (await servePhoto(host, new Request(`photo://original/${id ?? ''}`))).arrayBuffer()).byteLength);
    expect((await servePhoto(host, new Request('photo://thumb/unknown-id'))).status).toBe(404);
    for (const bad of ['photo://original/..%2F..%2Fsecret.txt', 'photo://original/a%2Fb', 'photo://other/abc', 'photo://original/', 'photo://full/..%2Fx']) {
      const response = await servePhoto(host, new Request(bad));
      expect(response.status, bad).toBe(400);
    }
  });

  it('registers both schemes as privileged and refuses file:// outright', async () => {
    const handlers = new Map<string, (request: Request) => Promise<Response>>();
    const schemes: string[] = [];
    const protocol = {
      registerSchemesAsPrivileged: (list: { scheme: string }[]) => schemes.push(...list.map((s) => s.scheme)),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => handlers.set(scheme, handler),
    };
    registerPrivilegedSchemes(protocol);
    handleProtocols(protocol, host, renderer);
    expect(schemes.sort()).toEqual(['app', 'photo']);
    expect([...handlers.keys()].sort()).toEqual(['app', 'file', 'photo']);
    const file = await handlers.get('file')?.(new Request('file:///etc/passwd'));
    expect(file?.status).toBe(403);
    expect((await handlers.get('app')?.(new Request('app://shoebox/index.html')))?.status).toBe(200);
  });

  it('writes one CSP for both transports, differing only in where images and videos may come from', () => {
    expect(APP_CSP.replaceAll(" photo:", '')).toBe(CONTENT_SECURITY_POLICY);
    expect(APP_CSP).toContain("img-src 'self' photo: blob: data:");
    expect(APP_CSP).toContain("media-src 'self' photo:");
    for (const csp of [APP_CSP, CONTENT_SECURITY_POLICY]) {
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    }
  });
});
