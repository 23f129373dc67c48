import { defineConfig } from 'vitest/config';

// Not the shared preset: nothing here imports the workspace packages, and the install needs
// longer than a unit test.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
