import { defineConfig } from 'vitest/config';

const jsonReport = process.env.NTM_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: `${jsonReport}.e2e.json` } } : {}),
  },
});
