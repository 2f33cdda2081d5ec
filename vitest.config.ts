import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { availableParallelism } from 'node:os';

export default defineConfig({
  plugins: [react()],
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/support/templates.ts'],
    // vitest's default is one worker less than the cores: one file at a time on a 2-core CI machine, while most
    // files spend much of their time waiting on child processes, HTTP, PostgreSQL and LibreOffice.
    maxWorkers: Number(process.env.AKRAB_TEST_WORKERS) || Math.max(2, availableParallelism() - 1),
    testTimeout: 30000,
    hookTimeout: 60000,
  },
});
