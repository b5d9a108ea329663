import { defineConfig } from 'vitest/config';

// NTM_TEST_REPORT=path adds a JSON report (CI sums it into one closing line).
const jsonReport = process.env.NTM_TEST_REPORT;

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    exclude: ['node_modules', 'dist', 'var', 'e2e'],
    globalSetup: ['src/server/test/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: jsonReport ? ['default', 'json'] : ['default'],
    ...(jsonReport ? { outputFile: { json: `${jsonReport}.unit.json` } } : {}),
  },
});
