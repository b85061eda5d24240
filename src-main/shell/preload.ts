import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { createBridge } from './preload-bridge.js';

/**
 * The sandboxed preload: exposes `createBridge`'s bridge as `window.shoebox`. A sandboxed preload cannot
 * import, so it is bundled into one CommonJS file (electron.vite.config.ts) and uses nothing from Node.
 */
contextBridge.exposeInMainWorld('shoebox', createBridge(ipcRenderer, webUtils));
