import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Training tests are CPU-bound: run files one per core and give them room.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // No test reads or writes the user's settings, runs list or socket folder.
    setupFiles: ['test/helpers/isolate-env.ts'],
    // The UI tests drive Ink through fake terminals, as a person's terminal would; Ink reads
    // CI once at import and then draws no frames (the CLI drops it on a terminal, see
    // src/cli/interactive-terminal.ts). So the tests see what a person sees, in CI too.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
