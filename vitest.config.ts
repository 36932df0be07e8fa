import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Ceilings, not speeds: a test waits for an event or a state, and these only stop a hung one. They are
    // generous because CI may run on a machine whose cores are busy with something else.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores: files in parallel, but not so many that emulators and esbuild starve each other.
    maxWorkers: 2,
  },
})
