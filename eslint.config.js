import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { layerConfigs } from './eslint-rules/layers.js';

const noElectron = {
  'no-restricted-imports': [
    'error',
    {
      paths: [{ name: 'electron', message: 'The core and the contract run in plain Node: never import electron here.' }],
      patterns: [{ group: ['electron/*'], message: 'The core and the contract never import electron.' }],
    },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'coverage/', '.cache/', 'test-results/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser },
    },
  },
  { files: ['src-main/core/**/*.ts', 'src-main/contract/**/*.ts'], rules: noElectron },
  // The layers of src-main (core folders downward only, the contract on zod alone, shell and server apart,
  // adapters through createCore): written once in eslint-rules/layers.js, with every exception and its reason.
  ...layerConfigs,
  {
    files: ['src-renderer/**/*'],
    // vite.config.ts runs in Node at build time, not in the page.
    ignores: ['src-renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', '**/core/**', '**/server/**', '**/shell/**'], message: 'The renderer talks only to PhotoApi.' },
            { group: ['**/src-main/contract/**'], message: 'The renderer reads the contract as $contract/… (the alias in tsconfig.web.json and the vite configs).' },
          ],
        },
      ],
    },
  },
);
