// The layers of src-main, written once and enforced by lint (see docs/ARCHITECTURE.md, "Layers").
// Each rule resolves every import (static, re-export, dynamic) to the file or folder it lands in:
// relative paths are resolved against the importing file, bare names are packages.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * src-main/core's folders, lowest first: a folder imports only itself and the folders before it.
 * The files directly in core/ (core.ts, create-core.ts, the library lock) are the top, above all of these.
 */
export const CORE_ORDER = ['util', 'imaging', 'video', 'model', 'catalog', 'library', 'pipeline', 'search', 'albums', 'sidecars', 'import', 'runtime'];

/** Packages only one core folder may import. */
export const CORE_PACKAGES = {
  '@lancedb/lancedb': ['catalog'],
  'apache-arrow': ['catalog'],
};

/** What the adapters (cli, shell, server, http) may import from src-main/core, beyond core.ts and create-core.ts. */
export const CORE_ENTRY_EXCEPTIONS = {
  'src-main/core/library-location.ts': 'where the library is by default: needed before a core is opened (and to name the library in an error)',
  'src-main/core/library-lock.ts': 'one library, one writer: the CLI reads the lock to reach the process that owns the library instead of opening a core',
  'src-main/core/model/download/disk-space.ts': 'formatBytes: the CLI prints sizes the way the core words them',
  'src-main/core/imaging/index.ts': '`shoebox debug preprocess` runs the preprocessing on its own, without a library',
  'src-main/core/model/model-folder.ts': '`shoebox debug` reads a model folder on its own, without a library',
  'src-main/core/model/tokenizer.ts': '`shoebox debug tokenize` runs the tokenizer on its own, without a library',
  'src-main/core/library/identity.ts': 'quickHash: the CLI names a photo by file the way the catalogue does, to find its id over the API',
  'src-main/core/util/atomic-file.ts': 'the shell writes its own window settings file with the same crash-safe write',
  'src-main/core/library/supported-files.ts': 'isInside: the same path containment test the core applies',
  'src-main/core/util/os-open.ts': 'the server opens the browser with the same OS opener (xdg-open, open, start) the core uses to show a folder',
};

const posix = (p) => p.split(path.sep).join('/');

/** The repository-relative path an import lands on, or null for a package. */
function target(file, spec) {
  if (!spec.startsWith('.')) return null;
  const resolved = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
  return posix(path.relative(ROOT, resolved));
}

const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/** Calls `check(spec, node)` for every import, re-export, dynamic import, `import('…')` type and `require('…')` with a literal source. */
function eachImport(check) {
  const visit = (node) => {
    if (node.source && typeof node.source.value === 'string') check(node.source.value, node.source);
  };
  return {
    ImportDeclaration: visit,
    ExportNamedDeclaration: visit,
    ExportAllDeclaration: visit,
    ImportExpression: visit,
    TSImportType(node) {
      const literal = node.argument?.literal;
      if (literal && typeof literal.value === 'string') check(literal.value, literal);
    },
    CallExpression(node) {
      const [first] = node.arguments;
      if (node.callee.type === 'Identifier' && node.callee.name === 'require' && first?.type === 'Literal' && typeof first.value === 'string') {
        check(first.value, first);
      }
    },
  };
}

const rel = (context) => posix(path.relative(ROOT, context.filename));

/** The folder of core a repository path belongs to ('core' for the files directly in it), or null outside core. */
export function coreFolderOf(repoPath) {
  if (!repoPath.startsWith('src-main/core/')) return null;
  const parts = repoPath.slice('src-main/core/'.length).split('/');
  return parts.length === 1 ? 'core' : parts[0];
}

const coreLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'src-main/core folders import only downward, in the order written once in the lint config' },
    schema: [
      {
        type: 'object',
        properties: { order: { type: 'array', items: { type: 'string' } }, packages: { type: 'object' } },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { order = CORE_ORDER, packages = CORE_PACKAGES } = context.options[0] ?? {};
    const from = coreFolderOf(rel(context));
    if (from === null) return {};
    const rank = (folder) => (folder === 'core' ? order.length : order.indexOf(folder));
    return eachImport((spec, node) => {
      const to = target(context.filename, spec);
      if (to === null) {
        const allowed = packages[packageOf(spec)];
        if (allowed && !allowed.includes(from)) {
          context.report({ node, message: `Only core/${allowed.join(', core/')} may import ${packageOf(spec)}; ask a store in catalog/ instead (core/${from}).` });
        }
        return;
      }
      const folder = coreFolderOf(to);
      if (folder === null || folder === from) return;
      if (rank(from) < 0) {
        context.report({ node, message: `core/${from} has no place in the layer order of eslint-rules/layers.js: add it.` });
      } else if (rank(folder) < 0) {
        context.report({ node, message: `core/${folder} has no place in the layer order of eslint-rules/layers.js: add it.` });
      } else if (rank(folder) > rank(from)) {
        const name = (f) => (f === 'core' ? 'the files directly in core/' : `core/${f}`);
        context.report({
          node,
          message: `${name(from)} may not import ${name(folder)} (${spec}): core folders import only downward (${order.join(' → ')} → core/*.ts). Move the shared part below.`,
        });
      }
    });
  },
};

const contractImports = {
  meta: {
    type: 'problem',
    docs: { description: 'the contract imports only zod and itself' },
    schema: [{ type: 'object', properties: { packages: { type: 'array', items: { type: 'string' } } }, additionalProperties: false }],
  },
  create(context) {
    const { packages = ['zod'] } = context.options[0] ?? {};
    const here = rel(context);
    if (!here.startsWith('src-main/contract/')) return {};
    return eachImport((spec, node) => {
      const to = target(context.filename, spec);
      if (to === null ? !packages.includes(packageOf(spec)) : !to.startsWith('src-main/contract/')) {
        context.report({ node, message: `The contract imports only ${packages.join(', ')} and its own files, never ${spec}: IPC, HTTP and the renderer all read it.` });
      }
    });
  },
};

const folderBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'folders of src-main that may not import each other, and the door through which adapters reach the core' },
    schema: [
      {
        type: 'object',
        properties: {
          forbid: { type: 'array', items: { type: 'object' } },
          core: { type: 'object' },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { forbid = [], core } = context.options[0] ?? {};
    const here = rel(context);
    const inside = (p, folder) => p === folder || p.startsWith(`${folder}/`);
    return eachImport((spec, node) => {
      const to = target(context.filename, spec);
      if (to === null) return;
      for (const rule of forbid) {
        if (inside(here, rule.from) && rule.to.some((f) => inside(to, f))) {
          context.report({ node, message: `${rule.from} may not import ${to}: ${rule.reason}` });
        }
      }
      if (core && core.from.some((f) => inside(here, f)) && inside(to, 'src-main/core')) {
        if (!core.entries.includes(to) && !(to in (core.exceptions ?? {}))) {
          context.report({
            node,
            message: `${here} reaches into the core (${to}): adapters use createCore (core/create-core.ts), the Core type (core/core.ts) and the contract; name a deliberate exception in eslint-rules/layers.js with its reason.`,
          });
        }
      }
    });
  },
};

export const plugin = {
  meta: { name: 'shoebox-layers' },
  rules: { 'core-layers': coreLayers, 'contract-imports': contractImports, 'folder-boundaries': folderBoundaries },
};

/** The flat-config entries eslint.config.js spreads in (and the rules' test lints against). */
export const layerConfigs = [
  {
    files: ['src-main/**/*.ts'],
    plugins: { layers: plugin },
    rules: {
      'layers/core-layers': ['error', { order: CORE_ORDER, packages: CORE_PACKAGES }],
      'layers/contract-imports': ['error', { packages: ['zod'] }],
      'layers/folder-boundaries': [
        'error',
        {
          forbid: [
            { from: 'src-main/shell', to: ['src-main/server'], reason: 'the shell and the server are two transports of one core; what they share lives in src-main/http or the contract.' },
            { from: 'src-main/server', to: ['src-main/shell'], reason: 'the shell and the server are two transports of one core; what they share lives in src-main/http or the contract.' },
            { from: 'src-main/core', to: ['src-main/cli', 'src-main/shell', 'src-main/server', 'src-main/http'], reason: 'the core knows none of its adapters.' },
            { from: 'src-main/contract', to: ['src-main/core', 'src-main/cli', 'src-main/shell', 'src-main/server', 'src-main/http'], reason: 'the contract sits below everything.' },
            { from: 'src-main/http', to: ['src-main/cli', 'src-main/shell', 'src-main/server'], reason: 'http/ is what the adapters share, below all of them.' },
          ],
          core: {
            from: ['src-main/cli', 'src-main/shell', 'src-main/server', 'src-main/http'],
            entries: ['src-main/core/core.ts', 'src-main/core/create-core.ts'],
            exceptions: CORE_ENTRY_EXCEPTIONS,
          },
        },
      ],
    },
  },
];
