// Bundle the CLI into dist/ with code splitting, so each command loads only what it
// needs: `--help` and `check` never load React, Ink or pg.
import { build } from 'esbuild';
import { chmodSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'source/cli.tsx' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  jsx: 'automatic',
  // React and its reconciler pick their build by NODE_ENV; left unset, the bundle ran their
  // development builds (twice the code, and slower renders). Production drops the other branch.
  define: { 'process.env.NODE_ENV': '"production"' },
  // Native or optional modules stay outside the bundle.
  external: ['better-sqlite3', 'pg-native', 'react-devtools-core'],
  banner: {
    js: "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync('dist/cli.js', 0o755);
