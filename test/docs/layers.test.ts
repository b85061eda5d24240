import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { CORE_ORDER, layerConfigs } from '../../eslint-rules/layers.js';
import { cycles } from '../../scripts/folder-imports.mjs';

const root = path.resolve(import.meta.dirname, '../..');

// The layer rules exactly as eslint.config.js spreads them in, on a parser without type information
// (the rules need none), so a snippet can be linted as if it lived at any path of the tree.
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, linterOptions: { reportUnusedDisableDirectives: 'off' } },
    ...layerConfigs,
  ],
});

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const rule = (ruleId: string) => expect.arrayContaining([expect.stringContaining(`${ruleId}:`)]) as unknown;

describe('the layers lint keeps', () => {
  it('core folders import only downward', async () => {
    expect(await messages('src-main/core/model/x.ts', "import { openCatalog } from '../catalog/catalog.js';")).toEqual(rule('layers/core-layers'));
    expect(await messages('src-main/core/library/x.ts', "export { Indexer } from '../pipeline/indexer.js';")).toEqual(rule('layers/core-layers'));
    expect(await messages('src-main/core/search/x.ts', "const m = await import('../runtime/engine.js');")).toEqual(rule('layers/core-layers'));
    expect(await messages('src-main/core/model/x.ts', "import { writeFileAtomic } from '../util/atomic-file.js';")).toEqual([]);
    expect(await messages('src-main/core/runtime/x.ts', "import type { Engine } from '../pipeline/engine.js';")).toEqual([]);
  });

  it('no subfolder imports the files directly in core/, which may import any folder', async () => {
    expect(await messages('src-main/core/runtime/x.ts', "import type { Core } from '../core.js';")).toEqual(rule('layers/core-layers'));
    expect(await messages('src-main/core/create-core.ts', "import { LibraryRuntime } from './runtime/library-runtime.js';")).toEqual([]);
  });

  it('a folder left out of the order is named', async () => {
    expect(CORE_ORDER).not.toContain('elsewhere');
    expect(await messages('src-main/core/elsewhere/x.ts', "import { x } from '../util/atomic-file.js';")).toEqual([
      expect.stringContaining('has no place in the layer order'),
    ]);
  });

  it('only catalog/ imports LanceDB and Arrow', async () => {
    expect(await messages('src-main/core/search/x.ts', "import { Index } from '@lancedb/lancedb';")).toEqual(rule('layers/core-layers'));
    expect(await messages('src-main/core/albums/x.ts', "import type { Table } from 'apache-arrow';")).toEqual(rule('layers/core-layers'));
    expect(await messages('src-main/core/search/x.ts', "type T = import('apache-arrow').Table;")).toEqual(rule('layers/core-layers'));
    expect(await messages('src-main/core/albums/x.ts', "const arrow = require('apache-arrow');")).toEqual(rule('layers/core-layers'));
    expect(await messages('src-main/core/catalog/x.ts', "import { Index } from '@lancedb/lancedb';")).toEqual([]);
  });

  it('the contract imports only zod and itself', async () => {
    expect(await messages('src-main/contract/x.ts', "import path from 'node:path';")).toEqual(rule('layers/contract-imports'));
    expect(await messages('src-main/contract/x.ts', "import type { Core } from '../core/core.js';")).toEqual(rule('layers/contract-imports'));
    expect(await messages('src-main/contract/x.ts', "import { z } from 'zod';\nimport { AppError } from './errors.js';")).toEqual([]);
  });

  it('the shell and the server never import each other', async () => {
    expect(await messages('src-main/shell/x.ts', "import { serveStatic } from '../server/serve-static.js';")).toEqual(rule('layers/folder-boundaries'));
    expect(await messages('src-main/server/x.ts', "import { APP_CSP } from '../shell/protocols.js';")).toEqual(rule('layers/folder-boundaries'));
    expect(await messages('src-main/shell/x.ts', "import { parseRange } from '../http/byte-range.js';")).toEqual([]);
  });

  it('cli, shell and server reach the core through createCore, the Core type and the named exceptions', async () => {
    expect(await messages('src-main/cli/x.ts', "import { Indexer } from '../core/pipeline/indexer.js';")).toEqual(rule('layers/folder-boundaries'));
    expect(await messages('src-main/server/x.ts', "import { SettingsStore } from '../core/library/settings.js';")).toEqual(rule('layers/folder-boundaries'));
    expect(await messages('src-main/shell/x.ts', "import { createCore } from '../core/create-core.js';\nimport type { Core } from '../core/core.js';")).toEqual([]);
    expect(await messages('src-main/cli/x.ts', "import { readLock } from '../core/library-lock.js';")).toEqual([]);
  });

  it('pass on the whole tree', async () => {
    const results = await eslint.lintFiles(['src-main/**/*.ts']);
    const found = results.flatMap((r) => r.messages.map((m) => `${path.relative(root, r.filePath)}: ${m.message}`));
    expect(found).toEqual([]);
    expect(results.length).toBeGreaterThan(100);
  });
});

describe('scripts/folder-imports.mjs', () => {
  it('finds a folder-level cycle', () => {
    const graph = new Map([
      ['model -> catalog', 3],
      ['catalog -> model', 1],
      ['search -> model', 2],
    ]);
    expect(cycles(graph)).toEqual([['catalog', 'model']]);
    expect(cycles(new Map([['search -> model', 2]]))).toEqual([]);
  });

  it('finds none in src-main/core and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/folder-imports.mjs'], { cwd: root });
    expect(stdout).toContain('no folder-level cycle');
    expect(stdout).toMatch(/runtime -> model +\d+/);
  });
});
