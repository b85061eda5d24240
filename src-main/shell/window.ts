import { BrowserWindow, type Session } from 'electron';
import { contentSecurityPolicy } from '../contract/csp.js';

export interface MainWindowOptions {
  /** The built preload script (CommonJS, sandboxed). */
  preload: string;
  /** app://shoebox/index.html, or the Vite dev server's URL in development. */
  entryUrl: string;
  /** Read when the window is closed: hide it and keep the engine indexing instead of quitting. */
  keepRunningWhenClosed: () => boolean;
  /** True once the app is quitting, when closing must really close. */
  isQuitting: () => boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 640,
    minHeight: 480,
    show: false,
    title: 'Shoebox',
    webPreferences: {
      preload: options.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  window.on('close', (event) => {
    if (options.isQuitting() || !options.keepRunningWhenClosed()) return;
    event.preventDefault();
    window.hide();
  });
  void window.loadURL(options.entryUrl);
  return window;
}

export function showWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

/**
 * The packaged app's pages carry APP_CSP from the app:// handler (protocols.ts); the Vite dev server does not send it,
 * so in development the header is added here, with the dev server's websocket allowed for hot reload.
 */
export function applyDevCsp(session: Session, devOrigin: string): void {
  const websocket = devOrigin.replace(/^http/, 'ws');
  const policy = contentSecurityPolicy({ imageSchemes: ['photo:'], connectSources: [websocket] });
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders, 'Content-Security-Policy': [policy] };
    callback({ responseHeaders: headers });
  });
}
