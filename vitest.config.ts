import { configDefaults, defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Ceilings, not speeds: a test waits for an event or a state, and these only stop a hung one. They are
    // generous because CI may run on a machine whose cores are busy with something else.
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores: files in parallel, but not so many that emulators and esbuild starve each other.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'app',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/infra/**'],
          globalSetup: ['tests/global-setup.ts'],
          // Projects with different worker counts must run one after the other: the app's first.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['tests/infra/**/*.test.ts'],
          // The files share one worker and its modules, so tests/infra/synth.ts synthesizes each stack once
          // for all of them (the bundling synth runs esbuild five times: two at once starved a 2-core machine
          // past the hook ceiling). The template assertions need no emulator.
          isolate: false,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
