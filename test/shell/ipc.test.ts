import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, callApiMethod, type ApiMethod } from '../../src-main/contract/api.js';
import { errorEnvelope, okEnvelope, type Envelope } from '../../src-main/contract/envelope.js';
import type { ChoosePath } from '../../src-main/contract/page-guard.js';
import type { Core } from '../../src-main/core/core.js';
import { createCore } from '../../src-main/core/create-core.js';
import { apiChannel, EVENT_CHANNEL } from '../../src-main/shell/channels.js';
import { forwardEvents, registerApiHandlers } from '../../src-main/shell/ipc.js';
import { APP_ORIGIN } from '../../src-main/shell/security.js';
import { makeTempDir } from '../helpers/temp-dir.js';

type Handler = (event: IpcMainInvokeEvent, input: unknown) => Promise<Envelope>;

/** What Electron's ipcMain does for the handlers: keeps one per channel. */
function fakeIpcMain(): { handle: (channel: string, handler: Handler) => void; handlers: Map<string, Handler> } {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    handle: (channel, handler) => {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
  };
}

/** An invoke event as Electron builds it: only `senderFrame` is read. */
function from(url: string, parent: object | null = null): IpcMainInvokeEvent {
  return { senderFrame: { url, parent } } as unknown as IpcMainInvokeEvent;
}

describe('IPC handlers built from the contract', () => {
  let dir = '';
  let cleanup: () => Promise<void> = () => Promise.resolve();
  let core: Core;
  const received: ApiMethod[] = [];
  const asks: string[] = [];
  let dialogAnswer: string | null = null;
  const ipc = fakeIpcMain();
  const page = `${APP_ORIGIN}/index.html`;

  const invoke = (method: string, input: unknown, event = from(page)): Promise<Envelope> => {
    const handler = ipc.handlers.get(apiChannel(method));
    if (handler === undefined) throw new Error(`no handler for ${method}`);
    return handler(event, input);
  };

  beforeAll(async () => {
    ({ dir, cleanup } = await makeTempDir('shoebox-shell-ipc-'));
    core = await createCore({ libraryDir: path.join(dir, 'library') });
    // The real core behind the client's `call`, in process: the host protocol is tested in core-host.test.ts.
    const host = {
      call: (method: ApiMethod, input: unknown): Promise<Envelope> => {
        received.push(method);
        return callApiMethod(core, method, input).then(okEnvelope, errorEnvelope);
      },
    };
    // The OS folder dialog, as the shell wires it: the page's path is only where the dialog starts.
    const chooser: ChoosePath = ({ path: asked }) => {
      asks.push(asked);
      return Promise.resolve(dialogAnswer);
    };
    registerApiHandlers(ipc, host, APP_ORIGIN, chooser);
  });
  afterAll(async () => {
    await core.close();
    await cleanup();
  });

  it('registers one channel per API method and nothing else', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(API_METHODS.map(apiChannel).sort());
  });

  it('forwards a call from the app’s top frame, parsed, to the engine', async () => {
    dialogAnswer = path.join(dir, 'chosen-in-the-dialog');
    const result = await invoke('addRoot', { path: path.join(dir, 'typed-by-the-page') });
    expect(asks).toEqual([path.join(dir, 'typed-by-the-page')]);
    expect(result).toMatchObject({ ok: false, error: { code: 'ROOT_NOT_FOUND' } });
    expect(JSON.stringify(result)).toContain('chosen-in-the-dialog');
    expect(await invoke('status', {})).toMatchObject({ ok: true, value: { libraryDir: path.join(dir, 'library') } });
    expect(received).toEqual(['addRoot', 'status']);
  });

  it('refuses a folder from the page when the person cancels the dialog, before the engine sees it', async () => {
    received.length = 0;
    dialogAnswer = null;
    expect(await invoke('addRoot', { path: path.join(dir, 'elsewhere') })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(received).toEqual([]);
  });

  it.each([
    ['another origin', from('https://evil.example/index.html')],
    ['a frame inside the app page', from(page, { url: page })],
    ['a file:// page', from('file:///tmp/index.html')],
    ['no frame (it navigated away)', { senderFrame: null } as unknown as IpcMainInvokeEvent],
  ])('refuses a call from %s before the engine sees it', async (_who, event) => {
    received.length = 0;
    expect(await invoke('status', {}, event)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(received).toEqual([]);
  });

  it('refuses an argument its schema rejects, and a file path from the page, before the engine sees them', async () => {
    received.length = 0;
    expect(await invoke('search', { text: 42 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke('listPhotos', 'not an object')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await invoke('search', { image: { path: '/etc/passwd' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke('classify', { imagePath: '/etc/passwd', prompts: ['a', 'b'] })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(received).toEqual([]);
  });

  it('pushes events to the window as (name, payload), and not to a destroyed one', () => {
    const sent: unknown[][] = [];
    let listener: ((name: 'photoIndexed', payload: unknown) => void) | undefined;
    const host = {
      onEvent: (l: typeof listener) => {
        listener = l;
        return () => (listener = undefined);
      },
    };
    let destroyed = false;
    const contents = { isDestroyed: () => destroyed, send: (...args: unknown[]) => sent.push(args) };
    const stop = forwardEvents(host, () => contents);
    listener?.('photoIndexed', { id: 'a', path: '/p/a.jpg' });
    destroyed = true;
    listener?.('photoIndexed', { id: 'b', path: '/p/b.jpg' });
    expect(sent).toEqual([[EVENT_CHANNEL, 'photoIndexed', { id: 'a', path: '/p/a.jpg' }]]);
    stop();
    expect(listener).toBeUndefined();
  });
});
