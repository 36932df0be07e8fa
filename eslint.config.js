// @ts-check
import js from '@eslint/js'
import { createNodeResolver, importX } from 'eslint-plugin-import-x'
import tseslint from 'typescript-eslint'

/**
 * The layers of functions/ (docs/architecture.md): core <- adapters (and email, which renders for the core's
 * ports) <- the shared wiring at functions/*.ts (config, clients, secrets) <- one folder per entry point.
 * Each entry point is a leaf: no other layer and no other entry point imports it; only infra/local, tests
 * and bench put entry points together.
 */
const ENTRY_POINTS = ['http', 'digest', 'send', 'ses-events', 'websub', 'confirmations', 'go-live']
const entryFolders = ENTRY_POINTS.map((name) => `functions/${name}/**`)
const WIRING = 'functions/*.ts'
const inwards = (message) => `Dependencies point inwards (docs/architecture.md): ${message}`

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: 'functions/core/**',
              from: ['functions/adapters/**', 'functions/email/**', WIRING, ...entryFolders],
              message: inwards('the core imports only the core, and defines ports for the rest.'),
            },
            {
              target: ['functions/adapters/**', 'functions/email/**'],
              from: [WIRING, ...entryFolders],
              message: inwards('adapters and renderers import the core only.'),
            },
            {
              target: 'functions/email/**',
              from: 'functions/adapters/**',
              message: inwards('renderers import the core only.'),
            },
            {
              target: WIRING,
              from: entryFolders,
              message: inwards('the shared wiring serves the entry points and imports none of them.'),
            },
            ...ENTRY_POINTS.map((name) => ({
              target: `functions/${name}/**`,
              from: entryFolders.filter((folder) => folder !== `functions/${name}/**`),
              message: inwards(
                'an entry point imports the core, adapters and the shared wiring, never another entry point.',
              ),
            })),
            {
              target: ['infra/*.ts', 'infra/constructs/**', 'cli/**'],
              from: ['functions/*/lambda.ts', 'functions/*/deps.ts'],
              message: inwards('only infra/local, tests and bench run an entry point or its builder.'),
            },
          ],
        },
      ],
    },
  },
  {
    // The core is pure: no HTTP framework, no AWS SDK, no environment. Adapters and entry points bring those.
    files: ['functions/core/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['hono', 'hono/*', '@hono/*'], message: 'The core must not depend on the HTTP layer.' },
            {
              group: ['@aws-sdk/*', 'aws-cdk-lib', 'aws-cdk-lib/*'],
              message: 'The core talks to AWS through ports.',
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Configuration comes in through functions/config.ts.',
        },
      ],
    },
  },
)
