import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'electron-vite';

/**
 * `npx electron-vite build` writes the desktop app into out/:
 *   out/main      the main process (main.js) and the utility process that runs the core (core-host.js),
 *                 ES modules with the native packages (sharp, onnxruntime-node, LanceDB) left external;
 *   out/preload   the sandboxed preload, one self-contained CommonJS file (sandboxed preloads cannot import);
 *   out/renderer  the Svelte UI, also what `npm run serve` serves.
 */
const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      rolldownOptions: {
        input: {
          main: resolve(root, 'src-main/shell/main.ts'),
          'core-host': resolve(root, 'src-main/shell/core-host.ts'),
          // the image tower's worker thread, found beside the core's code ([Note: inference in a worker])
          'image-tower-thread': resolve(root, 'src-main/core/model/image-tower-thread.ts'),
          // the text tower's, when a page's warm-up loads it ([Note: warming for the page])
          'text-tower-thread': resolve(root, 'src-main/core/model/text-tower-thread.ts'),
          // the duplicates scan's and album scoring's worker thread ([Note: vector work off the main thread])
          'vector-thread': resolve(root, 'src-main/core/albums/vector-work/vector-thread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { preload: resolve(root, 'src-main/shell/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    // The renderer reads the one contract as $contract/… (also in src-renderer/vite.config.ts, vitest.config.ts, tsconfig.web.json).
    resolve: { alias: { $contract: resolve(root, 'src-main/contract') } },
    plugins: [svelte()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      target: 'es2023',
      rolldownOptions: {
        input: resolve(root, 'src-renderer/index.html'),
      },
    },
  },
});
