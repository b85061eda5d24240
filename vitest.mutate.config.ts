import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutate` (StrykerJS, stryker.config.json) runs against each mutant: those that guard the
 * modules it mutates. Kept apart from vitest.config.ts so a mutant never waits for the whole suite.
 *
 * One module, with its own tests: `MUTATE_TESTS=test/a.test.ts,test/b.test.ts npx stryker run --mutate <file>`.
 * Not `--testFiles`: with a test filter StrykerJS 9.6 switches module-level mutants (a constant, `LOCK_FILE`)
 * on only after the module was loaded, so they survive whatever the tests check.
 */
const only = process.env['MUTATE_TESTS']?.split(',').filter((f) => f !== '');

export default defineConfig({
  test: {
    include: only ?? [
      'test/core/library/library-lock.test.ts',
      'test/core/library/library-lock-guards.test.ts',
      'test/core/library/library-lock-races.test.ts',
      'test/server/page-paths.test.ts',
      'test/server/input-budget.test.ts',
      'test/contract/page-guard.test.ts',
      'test/server/guards.test.ts',
      'test/server/token-cookie.test.ts',
      'test/core/library/careless-changes.test.ts',
      'test/core/catalog/catalog.test.ts',
      'test/core/catalog/failures.test.ts',
      'test/core/library/identity.test.ts',
      'test/core/catalog/labels-store.test.ts',
      'test/core/albums/file-actions.test.ts',
      'test/core/albums/undo-crash.test.ts',
      'test/core/import/import.test.ts',
      'test/core/import/import-copy.test.ts',
      'test/core/import/import-copy-run.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
