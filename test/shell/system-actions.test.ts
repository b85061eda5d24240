import path from 'node:path';
import { mkdir, readdir, rename } from 'node:fs/promises';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApiMethod, type ApiMethod } from '../../src-main/contract/api.js';
import { errorEnvelope, okEnvelope, type Envelope } from '../../src-main/contract/envelope.js';
import type { Core } from '../../src-main/core/core.js';
import { createCore } from '../../src-main/core/create-core.js';
import { apiChannel } from '../../src-main/shell/channels.js';
import { registerApiHandlers } from '../../src-main/shell/ipc.js';
import { APP_ORIGIN } from '../../src-main/shell/security.js';
import { systemActions } from '../../src-main/shell/system-actions.js';
import { writeColourSet } from '../helpers/photos.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Envelope>;

describe('the desktop app trashes through the OS and shows photos in the file manager', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let core: Core;
  const handlers = new Map<string, Handler>();
  const received: ApiMethod[] = [];
  const shown: string[] = [];
  let osTrash = '';
  const invoke = (method: string, input: unknown): Promise<Envelope> =>
    (handlers.get(apiChannel(method)) as Handler)({ senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } } as unknown as IpcMainInvokeEvent, input);

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-shell-system-'));
    osTrash = path.join(dir, 'os-trash');
    await mkdir(osTrash);
    await writeColourSet(path.join(dir, 'photos'), ['red', 'blue'], 1);
    core = await createCore({ libraryDir: path.join(dir, 'library'), modelDir: await tinyModelDir() });
    await core.addRoot({ path: path.join(dir, 'photos') });
    await core.rescan({});
    const host = {
      call: (method: ApiMethod, input: unknown): Promise<Envelope> => {
        received.push(method);
        return callApiMethod(core, method, input).then(okEnvelope, errorEnvelope);
      },
    };
    // Electron's shell cannot run here: its trash is a folder the file is renamed into, a locked file refuses.
    const shell = {
      trashItem: async (file: string) => {
        if (file.includes('blue')) throw new Error('the file is in use');
        await rename(file, path.join(osTrash, path.basename(file)));
      },
      showItemInFolder: (file: string) => void shown.push(file),
    };
    registerApiHandlers({ handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) }, host, APP_ORIGIN, null, systemActions(shell));
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('moves the files to the OS trash, drops only their rows, reports the ones it could not move', async () => {
    const photos = (await core.listPhotos({})).photos;
    const ids = photos.map((p) => p.id);
    const red = photos.find((p) => p.path.endsWith('red-0.jpg'));
    const blue = photos.find((p) => p.path.endsWith('blue-0.jpg'));
    const answer = await invoke('trashPhotos', { photoIds: ids });
    expect(answer).toMatchObject({
      ok: true,
      value: { place: 'system', batchId: null, trashed: [red?.id], failed: [{ photoId: blue?.id, message: 'the file is in use' }] },
    });
    expect(received).toEqual(['locatePhotos', 'forgetPhotos']);
    expect(await readdir(osTrash)).toEqual(['red-0.jpg']);
    expect((await core.listPhotos({})).photos.map((p) => p.id)).toEqual([blue?.id]);

    expect(await invoke('showInFolder', { photoId: blue?.id })).toEqual({ ok: true, value: { folder: path.join(dir, 'photos'), opened: true } });
    expect(shown).toEqual([blue?.path]);
    expect(await invoke('showInFolder', { photoId: 'unknown' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await invoke('trashPhotos', { photoIds: [] })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
