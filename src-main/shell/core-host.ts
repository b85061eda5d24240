import { serveCoreHost } from './core-host-service.js';

/**
 * The utility process entry: runs the core off the main process (sharp and onnxruntime keep their threads
 * here, the window never stutters) and answers [Note: core host protocol] over its parent port.
 */
serveCoreHost(process.parentPort);
