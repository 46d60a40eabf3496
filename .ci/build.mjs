// Bundle the CLI into dist/ with code splitting, so each command loads only what it
// needs: `--help` and `check` never load React, Ink or pg.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
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

// Node's own modules are taken with require(), not `import`: an ES import of a built-in
// goes through Node's ESM facade, which reads every export of the module once, getters
// and all: `node:fs` then loads its streams and `node:util` its TextDecoder (and with it
// more modules), ~13 ms of a 65 ms `check` (--cpu-prof). Each import gets a stand-in module
// that requires the built-in, and the importer sees it through `__runbookBuiltin` (the
// banner), an object whose prototype is the module: a name is read when it is used, never
// all of them up front (esbuild's own __toESM would copy, and so read, every export).
const BUILTIN_PREFIX = 'runbook_builtin_';
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      // The require() inside the stand-in is Node's own; so is a CommonJS package's require().
      if (args.namespace === 'builtin' || args.kind === 'require-call') return { path: args.path, external: true };
      return { path: `${BUILTIN_PREFIX}${args.path.replace(/\W/g, '_')}`, namespace: 'builtin', pluginData: args.path };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.pluginData)});`, loader: 'js' }));
  },
};

/** Puts __runbookBuiltin in place of esbuild's __toESM for the stand-ins above. */
function importBuiltinsLazily() {
  const pattern = new RegExp(`__toESM\\((require_${BUILTIN_PREFIX}\\w+)\\(\\)(, 1)?\\)`, 'g');
  for (const entry of readdirSync('dist', { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const next = text.replace(pattern, '__runbookBuiltin($1())');
    if (next !== text) writeFileSync(file, next);
  }
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
    js: [
      "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);",
      'const __runbookBuiltin = (m) => Object.create(m, { default: { value: m, enumerable: true } });',
    ].join('\n'),
  },
  plugins: [builtinsByRequire],
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
importBuiltinsLazily();
chmodSync('dist/cli.js', 0o755);
