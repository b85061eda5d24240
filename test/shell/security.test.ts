import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  APP_ORIGIN,
  denyAllPermissions,
  hardenWebContents,
  isExternalWebUrl,
  isTrustedFrame,
  originOf,
} from '../../src-main/shell/security.js';

const page = `${APP_ORIGIN}/index.html`;

describe('isTrustedFrame', () => {
  it('trusts only the top frame of a page from the app’s origin', () => {
    expect(isTrustedFrame({ url: page, parent: null }, APP_ORIGIN)).toBe(true);
    expect(isTrustedFrame({ url: `${APP_ORIGIN}/albums/x`, parent: null }, APP_ORIGIN)).toBe(true);
    expect(isTrustedFrame({ url: page, parent: {} as never }, APP_ORIGIN)).toBe(false);
    expect(isTrustedFrame(null, APP_ORIGIN)).toBe(false);
    for (const url of ['app://shoebox.evil/index.html', 'app://other/index.html', 'https://shoebox/', 'file:///index.html', 'not a url']) {
      expect(isTrustedFrame({ url, parent: null }, APP_ORIGIN), url).toBe(false);
    }
  });

  it('compares scheme and host, since URL.origin is "null" for app://', () => {
    expect(new URL(page).origin).toBe('null');
    expect(originOf(page)).toBe(APP_ORIGIN);
    expect(isTrustedFrame({ url: 'http://localhost:5173/', parent: null }, 'http://localhost:5173')).toBe(true);
    expect(isTrustedFrame({ url: 'http://localhost:5174/', parent: null }, 'http://localhost:5173')).toBe(false);
  });
});

describe('isExternalWebUrl', () => {
  it('lets only plain http(s) pages go to the OS browser', () => {
    expect(isExternalWebUrl('https://huggingface.co/openai/clip-vit-base-patch32')).toBe(true);
    expect(isExternalWebUrl('http://example.com/')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'app://shoebox/index.html',
      'photo://original/abc',
      'javascript:alert(1)',
      'smb://server/share',
      'https://user:secret@example.com/',
      'https://user@example.com/',
      'not a url',
    ]) {
      expect(isExternalWebUrl(url), url).toBe(false);
    }
  });
});

/** Just enough of WebContents: its events and the window-open handler. */
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  /** Emits like Electron: returns whether a listener called preventDefault. */
  attempt(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('hardenWebContents', () => {
  it('stops every navigation, redirect and webview, and opens only web links in the OS browser', async () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    hardenWebContents(contents as never, (url) => {
      opened.push(url);
      return Promise.resolve();
    });
    expect(contents.attempt('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.attempt('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.attempt('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.attempt('will-attach-webview', '')).toBe(true);
    expect(contents.openHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'app://shoebox/index.html' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(opened).toEqual(['https://example.com/', 'https://example.org/']);
  });
});

describe('denyAllPermissions', () => {
  it('answers no to every permission request and check but full screen (the viewer\'s F key)', () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | undefined;
    let check: ((...args: unknown[]) => boolean) | undefined;
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
    };
    denyAllPermissions(session as never);
    let fullscreen: boolean | undefined;
    request?.({}, 'fullscreen', (answer) => (fullscreen = answer));
    expect(fullscreen).toBe(true);
    expect(check?.({}, 'fullscreen', page, {})).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'pointerLock', 'openExternal']) {
      let granted: boolean | undefined;
      request?.({}, permission, (answer) => (granted = answer));
      expect(granted, permission).toBe(false);
      expect(check?.({}, permission, page, {}), permission).toBe(false);
    }
  });
});
