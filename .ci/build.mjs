// Bundle the CLI into dist/ with code splitting, so each command loads only what it
// needs: `--help` and `check` never load React, Ink or pg.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// The build's identity: a hash of every source file and the lock file. A parsed runbook
// kept by one build (commands/parse-cache.ts) is never read by another.
function buildId() {
  const hash = createHash('sha256');
  const files = readdirSync('source', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of [...files, 'package-lock.json']) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'source/launch.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  jsx: 'automatic',
  // React and its reconciler pick their build by NODE_ENV; left unset, the bundle ran their
  // development builds (twice the code, and slower renders). Production drops the other branch.
  // `runbook --version` says package.json's version, read here rather than kept twice.
  define: {
    'process.env.NODE_ENV': '"production"',
    __RUNBOOK_BUILD__: JSON.stringify(buildId()),
    __RUNBOOK_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version),
  },
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
