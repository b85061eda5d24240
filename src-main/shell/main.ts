import path from 'node:path';
import { app, ipcMain, protocol, session, shell, utilityProcess, type BrowserWindow } from 'electron';
import type { CoreOptions } from '../core/core.js';
import { APP_OWNER } from '../core/library-lock.js';
import { defaultLibraryDir } from '../core/library-location.js';
import { installAppMenu } from './app-menu.js';
import { CoreHostClient } from './core-client.js';
import { folderDialogChooser } from './folder-dialog.js';
import { forwardEvents, registerApiHandlers } from './ipc.js';
import { systemActions } from './system-actions.js';
import { handleProtocols, registerPrivilegedSchemes } from './protocols.js';
import { APP_ORIGIN, denyAllPermissions, hardenWebContents, originOf } from './security.js';
import { loadShellSettings, saveShellSettings, type ShellSettings } from './shell-settings.js';
import { applyDevCsp, createMainWindow, showWindow } from './window.js';

/**
 * The Electron main process only brokers: the core runs in a utility process (core-host.ts), the page talks
 * to it through the preload bridge and the IPC handlers, photos travel by the photo:// protocol.
 * Built by electron-vite into out/main (this file and core-host.js), out/preload and out/renderer.
 */
const BUILD_DIR = import.meta.dirname;
const PATHS = {
  coreHost: path.join(BUILD_DIR, 'core-host.js'),
  preload: path.join(BUILD_DIR, '..', 'preload', 'preload.cjs'),
  renderer: path.join(BUILD_DIR, '..', 'renderer'),
};

/** `--library=DIR` and `--model=DIR` on the command line, as the CLI and `npm run serve` take them. */
function coreOptions(): CoreOptions {
  const library = app.commandLine.getSwitchValue('library');
  const model = app.commandLine.getSwitchValue('model');
  const options: CoreOptions = {
    libraryDir: library === '' ? defaultLibraryDir() : path.resolve(library),
    watch: true,
    searchSoon: true,
    owner: APP_OWNER,
  };
  if (model !== '') options.modelDir = path.resolve(model);
  return options;
}

/** The Vite dev server, only in an unpackaged run started by `electron-vite dev`. */
function devServerUrl(): string | null {
  const url = process.env['ELECTRON_RENDERER_URL'];
  return !app.isPackaged && url !== undefined && url !== '' ? url : null;
}

function installMenu(settings: ShellSettings, settingsFile: string): void {
  const onChange = (keep: boolean): void => {
    settings.keepIndexingWhenClosed = keep;
    saveShellSettings(settingsFile, settings).catch((error: unknown) => {
      console.error(`shoebox: could not save ${settingsFile}: ${String(error)}`);
    });
  };
  installAppMenu(settings.keepIndexingWhenClosed, onChange);
}

function closeEngineBeforeQuit(host: CoreHostClient, markQuitting: () => void): void {
  let closing: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    markQuitting();
    if (closing === null) {
      // Hold the quit until the core has drained its writes, then quit for real.
      event.preventDefault();
      closing = host.close().finally(() => {
        app.quit();
      });
    }
  });
}

async function start(): Promise<void> {
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => shell.openExternal(url));
  });
  await app.whenReady();
  denyAllPermissions(session.defaultSession);

  const settingsFile = path.join(app.getPath('userData'), 'shell-settings.json');
  const settings = await loadShellSettings(settingsFile);
  const host = CoreHostClient.start(
    () => utilityProcess.fork(PATHS.coreHost, [], { serviceName: 'Shoebox engine', stdio: 'inherit' }),
    coreOptions(),
  );
  const devUrl = devServerUrl();
  const entryUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
  const appOrigin = originOf(entryUrl) ?? APP_ORIGIN;
  if (devUrl !== null) applyDevCsp(session.defaultSession, appOrigin);
  handleProtocols(protocol, host, PATHS.renderer);
  let mainWindow: BrowserWindow | null = null;
  registerApiHandlers(ipcMain, host, appOrigin, folderDialogChooser(() => mainWindow), systemActions(shell));
  installMenu(settings, settingsFile);

  let quitting = false;
  const window: BrowserWindow = createMainWindow({
    preload: PATHS.preload,
    entryUrl,
    keepRunningWhenClosed: () => settings.keepIndexingWhenClosed,
    isQuitting: () => quitting,
  });
  mainWindow = window;
  forwardEvents(host, () => (window.isDestroyed() ? null : window.webContents));
  closeEngineBeforeQuit(host, () => {
    quitting = true;
  });
  app.on('second-instance', () => {
    showWindow(window);
  });
  app.on('activate', () => {
    showWindow(window);
  });
  app.on('window-all-closed', () => {
    app.quit();
  });
}

registerPrivilegedSchemes(protocol);
if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => {
    console.error(`shoebox: start-up failed: ${String(error)}`);
    app.exit(1);
  });
} else {
  app.quit();
}
