// The fault suite (`npm run test:faults`): real kills, a private PostgreSQL stopped and
// frozen, full and read-only file systems, fuzzing. Slower than `npm test`, run after it in CI.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/faults/**/*.test.ts'],
    pool: 'forks',
    // One file at a time: the trials time kills and deadlines on a small shared machine.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
