import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers (source/README.md draws them): what each part of source/ may import from the
 * others. A part may always import from itself. `controller` alone means its public module
 * (controller/index.ts, imported as `…/controller`); `controller/*` every file in it.
 * test/architecture.test.ts checks the same table over every import, dynamic ones included.
 */
export const LAYERS = {
  runbook: [],
  run: ['runbook', 'wrap'],
  journal: ['run'],
  executors: ['run', 'runbook'],
  controller: ['run', 'runbook', 'journal', 'executors', 'errors', 'wrap'],
  store: ['run', 'runbook', 'journal', 'executors'],
  report: ['run', 'runbook', 'controller'],
  ui: ['run', 'runbook', 'controller', 'wrap'],
  plain: ['run', 'runbook', 'controller', 'wrap'],
  commands: ['run', 'runbook', 'journal', 'executors', 'controller', 'report', 'ui', 'plain', 'store', 'errors', 'config', 'wrap', 'bench-hooks'],
};

/** What a folder may not import from Node or npm, beside the layers. */
const PACKAGES = {
  // The pure layers: no Node I/O, no React or Ink.
  runbook: [{ group: ['node:*', 'fs', 'child_process', 'react', 'ink', 'pg', 'better-sqlite3', 'execa', 'conf'] }],
  run: [{ group: ['node:*', 'fs', 'child_process', 'react', 'ink', 'pg', 'better-sqlite3', 'execa', 'conf'] }],
  // The front ends render state and send intents: they never spawn a program or write SQL.
  ui: [{ group: ['node:child_process', 'child_process', 'execa', 'pg', 'better-sqlite3'] }],
  plain: [{ group: ['node:child_process', 'child_process', 'execa', 'pg', 'better-sqlite3', 'react', 'ink'] }],
  // The team store talks to PostgreSQL; it never draws or spawns.
  store: [{ group: ['node:child_process', 'child_process', 'execa', 'react', 'ink'] }],
};

/** Every part of source/ a layer may be barred from: the folders, and the modules that stand alone. */
const PARTS = [...Object.keys(LAYERS), 'errors', 'config', 'wrap', 'bench-hooks', 'cli', 'launch'];

/** no-restricted-imports patterns for a folder: every other part it may not reach, at any depth. */
function layerPatterns(folder) {
  const allowed = LAYERS[folder];
  const barred = PARTS.filter((p) => p !== folder && !allowed.includes(p));
  return [
    { regex: `^(\\.\\./)+(${barred.join('|')})(/.*)?$`, message: `${folder}/ may import only ${allowed.join(', ') || 'itself'} (source/README.md).` },
    ...(folder !== 'controller' ? [{ regex: '^(\\.\\./)+controller/', message: `${folder}/ reaches controller/ through its public module only: import from '…/controller'.` }] : []),
  ];
}

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
  // Each folder of source/ imports only the layers beneath it (LAYERS above).
  ...Object.keys(LAYERS).map((folder) => ({
    files: [`source/${folder}/**`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...layerPatterns(folder), ...(PACKAGES[folder] ?? [])] }],
    },
  })),
);
