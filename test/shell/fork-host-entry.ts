import { serveCoreHost } from '../../src-main/shell/core-host-service.js';

/**
 * The core host as Electron's utility process runs it, in a plain forked Node process: the fork's IPC
 * channel stands in for `process.parentPort`, which delivers `{ data }` events and takes `postMessage`.
 */
serveCoreHost({
  postMessage: (message) => process.send?.(message),
  on: (_event, listener) => process.on('message', (data) => listener({ data })),
});
