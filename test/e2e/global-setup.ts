import { ensureRendererBuilt } from './harness/renderer-build.js';

/** Vitest global setup for the e2e project: one renderer build before any browser opens. */
export default async function setup(): Promise<void> {
  await ensureRendererBuilt();
}
