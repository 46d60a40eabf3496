import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', performance: 'readonly', setImmediate: 'readonly', queueMicrotask: 'readonly', AbortController: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'warn',
      'no-console': 'off',
      eqeqeq: ['warn', 'always', { null: 'ignore' }],
    },
  },
  {
    // The pure layers: no Node I/O, no React or Ink.
    files: ['source/runbook/**', 'source/run/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'child_process', 'react', 'ink', 'pg', 'better-sqlite3', 'execa', 'conf', '../journal/*', '../executors/*', '../ui/*', '../controller/*'] }],
    },
  },
  {
    // The UI renders state and sends intents; it never spawns or writes SQL itself.
    files: ['source/ui/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['../executors/*', '../../executors/*', '../journal/*', '../../journal/*', 'pg', 'better-sqlite3', 'execa'] }],
    },
  },
);
