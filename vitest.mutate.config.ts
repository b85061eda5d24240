import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutate` (StrykerJS, stryker.config.json) runs against each mutant: those that guard the
 * modules it mutates. Kept apart from vitest.config.ts so a mutant never waits for the whole suite.
 */
export default defineConfig({
  test: {
    include: [
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
