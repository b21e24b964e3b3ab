// Type-aware lint: no floating promises, and contexts are only entered through their index.ts
// (ARCHITECTURE.md, house style 1).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const contextBoundary = {
  regex:
    '^\\.\\./(\\.\\./)*(identity|assets|telemetry|monitoring|service|phm|energy|manufacturing|region|simulator)/(?!index\\.ts$).+',
  message: 'Import another context only through its index.ts.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      'coverage/**',
      'bin/**',
      'eslint.config.js',
      'web/dist/**',
      'web/scripts/*.mjs',
      'web/src/api/schema.d.ts',
      'test/e2e/screenshots/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [contextBoundary],
        },
      ],
    },
  },
  {
    // Analytics cores are pure: input → output, no database, network or files (ARCHITECTURE.md).
    files: [
      'src/phm/analytics/**/*.ts',
      'src/energy/mv/**/*.ts',
      'src/manufacturing/scheduler/**/*.ts',
      'src/monitoring/expressions/**/*.ts',
      'src/monitoring/rules/**/*.ts',
      'src/monitoring/kpi/**/*.ts',
      'src/region/evaluate/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'fs',
            'node:fs',
            'node:fs/promises',
            'http',
            'node:http',
            'net',
            'node:net',
            'kysely',
            'fastify',
            'pg',
            'better-sqlite3',
            'mqtt',
            'aedes',
          ].map((name) => ({
            name,
            message:
              'Analytics cores do no I/O; read files and databases at the edge and pass data in.',
          })),
          patterns: [
            contextBoundary,
            {
              regex: '(^|/)(storage|server|mqtt|cli)/',
              message: 'Analytics cores depend on no edge or storage code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The console (web/): React's rules of hooks on its components.
    files: ['web/src/**/*.tsx', 'web/src/**/*.ts'],
    ...reactHooks.configs.flat.recommended,
  },
);
