import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One database engine per file; files in parallel would fight over 2 cores and one PostgreSQL.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'server', include: ['server/**/*.test.ts', 'contracts/**/*.test.ts', 'cli/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['e2e/**/*.test.ts'] } },
    ],
  },
});
