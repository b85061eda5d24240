import type { Session, WebContents, WebFrameMain } from 'electron';

/**
 * The Electron security checklist, applied to every web contents the app ever creates: no navigation,
 * no new windows, no <webview>, no permissions, and only http(s) links handed to the OS browser.
 */

/** The app's pages: app:// in the packaged app ([Note: app protocol]), the Vite dev server in development. */
export const APP_ORIGIN = 'app://shoebox';

/** `URL.origin` is "null" for custom schemes such as app://, so compare scheme and host instead. */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** Only plain web pages may go to the OS browser: no file:, no custom schemes, no credentials in the URL. */
export function isExternalWebUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
    return web && parsed.username === '' && parsed.password === '' && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** `shell.openExternal` in the app; passed in so that these rules run (and are tested) without Electron. */
export type OpenExternal = (url: string) => Promise<void>;

/** A request from a frame counts only if it is the top frame of a page from the app's own origin. */
export function isTrustedFrame(frame: Pick<WebFrameMain, 'parent' | 'url'> | null, appOrigin: string): boolean {
  if (frame === null || frame.parent !== null) return false;
  return originOf(frame.url) === appOrigin;
}

type HardenedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: HardenedContents, openExternal: OpenExternal): void {
  const openInBrowser = (url: string): void => {
    if (isExternalWebUrl(url)) void openExternal(url);
  };
  // The UI routes with the history API; any real navigation is a link to the web or an attack.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openInBrowser(url);
  });
  contents.on('will-redirect', (event) => {
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url);
    return { action: 'deny' };
  });
}

/**
 * Shoebox needs no camera, microphone, notifications, geolocation or anything else a page may ask for;
 * only full screen, which the viewer's F key asks for (the Fullscreen API goes through this handler).
 */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'fullscreen');
  });
  session.setPermissionCheckHandler((_contents, permission) => permission === 'fullscreen');
}
