import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { apiChannel, EVENT_CHANNEL } from '../../src-main/shell/channels.js';
import { createBridge } from '../../src-main/shell/preload-bridge.js';

/** Just enough of ipcRenderer: invoke records the channel, events come from an emitter. */
function fakeIpcRenderer() {
  const invoked: [string, unknown][] = [];
  const events = new EventEmitter();
  return {
    invoked,
    events,
    invoke: (channel: string, input: unknown) => {
      invoked.push([channel, input]);
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => events.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => events.removeListener(channel, listener),
  };
}

/** Just enough of webUtils: Electron answers '' for a File that is not on the disk. */
function fakeWebUtils(paths = new Map<File, string>()) {
  return { getPathForFile: (file: File) => paths.get(file) ?? '' };
}

describe('the preload bridge', () => {
  it('invokes only the contract’s methods, on their channels', async () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc as never, fakeWebUtils());
    expect(await bridge.invoke('status', {})).toEqual({ ok: true, value: null });
    expect(await bridge.invoke('openShell', { cmd: 'rm' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'There is no API method "openShell".' },
    });
    expect(await bridge.invoke('__proto__', {})).toMatchObject({ ok: false });
    expect(ipc.invoked).toEqual([[apiChannel('status'), {}]]);
  });

  it('hands events over as (name, payload) without the IPC event, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const bridge = createBridge(ipc as never, fakeWebUtils());
    const seen: unknown[][] = [];
    const stop = bridge.onEvent((name, payload) => seen.push([name, payload]));
    const senderEvent = { sender: { send: () => undefined } };
    ipc.events.emit(EVENT_CHANNEL, senderEvent, 'photoIndexed', { id: 'a' });
    ipc.events.emit(EVENT_CHANNEL, senderEvent, 42, { id: 'b' });
    stop();
    ipc.events.emit(EVENT_CHANNEL, senderEvent, 'photoIndexed', { id: 'c' });
    expect(seen).toEqual([['photoIndexed', { id: 'a' }]]);
    expect(ipc.events.listenerCount(EVENT_CHANNEL)).toBe(0);
  });

  it('tells the page where a dropped folder lies, and null for a file made in the page', () => {
    const dropped = new File([], 'Holidays');
    const made = new File(['x'], 'made.txt');
    const bridge = createBridge(fakeIpcRenderer() as never, fakeWebUtils(new Map([[dropped, '/home/ana/Holidays']])));
    expect(bridge.pathForFile(dropped)).toBe('/home/ana/Holidays');
    expect(bridge.pathForFile(made)).toBeNull();
  });
});
