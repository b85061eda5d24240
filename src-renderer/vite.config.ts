import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** The renderer alone: `vite build --config src-renderer/vite.config.ts` writes out/renderer for both transports. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  // The renderer reads the one contract as $contract/… (also in electron.vite.config.ts, vitest.config.ts, tsconfig.web.json).
  resolve: { alias: { $contract: resolve(import.meta.dirname, '../src-main/contract') } },
  plugins: [svelte()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2023',
  },
});
