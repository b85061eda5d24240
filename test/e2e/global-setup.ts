import { findBrowser } from './harness/find-browser.js';
import { ensureRendererBuilt } from '../../src-main/server/renderer-build.js';

/**
 * Vitest global setup for the e2e project: one renderer build before any browser opens, and the
 * browser looked up (and unpacked, when it is the bundled one) once, so that a machine without
 * one fails here with one line that says how to get one.
 */
export default async function setup(): Promise<void> {
  await Promise.all([ensureRendererBuilt(), findBrowser()]);
}
