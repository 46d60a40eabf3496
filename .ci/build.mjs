// Bundle the CLI into dist/ with code splitting, so each command loads only what it
// needs: `--help` and `check` never load React, Ink or pg.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { graphemeAloneClass, narrowClass, quickGraphemeSegmenterSource } from './quick-text.mjs';
import { asciiOnly } from './ascii-output.mjs';
import { BANNER, withoutUnusedBanner } from './banner.mjs';
import { withSameStylesSkipped } from './quick-styles.mjs';

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

/**
 * What the bundle gets after esbuild: __runbookBuiltin in place of esbuild's __toESM for the
 * stand-ins above, and every file made pure ASCII (ascii-output.mjs).
 */
function finishOutput() {
  const pattern = new RegExp(`__toESM\\((require_${BUILTIN_PREFIX}\\w+)\\(\\)(, 1)?\\)`, 'g');
  for (const entry of readdirSync('dist', { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    const text = readFileSync(file, 'utf8');
    const next = asciiOnly(withoutUnusedBanner(text.replace(pattern, '__runbookBuiltin($1())'), file), file);
    if (next !== text) writeFileSync(file, next);
  }
}

// string-width (Ink's measuring, and wrap-ansi's) takes every string with a character
// outside printable ASCII through Intl.Segmenter and a very large emoji regular expression,
// both cold on the first frame (~10–25 ms of its CPU), while the screen's own text is ASCII
// and a few dozen symbols (box drawing, arrows, bullets, dashes). Each copy of string-width
// gets a quick answer in front of it: a string made only of characters that are each their
// own grapheme and one column wide *according to that very copy* (asked here, at build
// time, one character at a time) is as wide as it is long. Anything else, or any option,
// goes to string-width itself, so the answer is the same.
const quickWidths = new Map();
const quickStringWidth = {
  name: 'quick-string-width',
  setup(b) {
    b.onLoad({ filter: /[\\/]string-width[\\/]index\.js$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      const head = /^export default function stringWidth\(/m;
      if (!head.test(text)) throw new Error(`${args.path}: no 'export default function stringWidth(' to put the quick answer in front of`);
      if (!quickWidths.has(args.path)) quickWidths.set(args.path, narrowClass((await import(pathToFileURL(args.path).href)).default));
      // The module's own body runs on first need: it builds an Intl.Segmenter and Unicode
      // property expressions at its top level (\p{RGI_Emoji} alone ~15 ms of CPU on every
      // start of the screen), which the quick answer mostly never needs.
      const imports = /^(?:import [^;\n]+;\n)+/.exec(text)?.[0] ?? '';
      const body = text.slice(imports.length).replace(head, 'function stringWidthOfAnyTextNow(');
      if (/^(?:import|export)\b/m.test(body)) throw new Error(`${args.path}: more imports or exports than the one default export this build can defer`);
      const contents = `${imports}
function loadStringWidth() {
${body}
return stringWidthOfAnyTextNow;
}
let anyText;
function stringWidthOfAnyText(input, options) {
  anyText ??= loadStringWidth();
  return anyText(input, options);
}
const quickNarrow = /^[${quickWidths.get(args.path)}]*$/;
export default function stringWidth(input, options) {
  if (options === undefined && typeof input === 'string' && quickNarrow.test(input)) return input.length;
  return stringWidthOfAnyText(input, options);
}
`;
      return { contents, loader: 'js' };
    });
  },
};

// Ink cuts every line it writes into graphemes with Intl.Segmenter (@alcalzone/ansi-tokenize,
// slice-ansi): building the first one loads ICU's break rules (~10 ms of CPU before the
// first frame) and each segment is a call into ICU. Text made only of characters that are
// each a grapheme of their own, next to any other such character (asked of this Node's ICU
// here, at build time), plus the ESC and BEL of escape sequences, is cut one character at a
// time; anything else, and the first such text, goes to a real Intl.Segmenter.
const quickGraphemes = {
  name: 'quick-graphemes',
  setup(b) {
    b.onLoad({ filter: /([\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize|[\\/]slice-ansi[\\/]tokenize-ansi)\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const made = /new Intl\.Segmenter\(undefined, \{ ?granularity: ["']grapheme["'] ?\}\)/g;
      if ((text.match(made) ?? []).length !== 1) throw new Error(`${args.path}: not the one grapheme Intl.Segmenter this build replaces`);
      const contents = `${text.replace(made, 'quickGraphemeSegmenter()')}
${quickGraphemeSegmenterSource(graphemeAloneClass())}`;
      return { contents, loader: 'js' };
    });
  },
};

// Ink's rows of styled characters written out without a diff between neighbours that share
// their styles (quick-styles.mjs): the same text, ~3,000 diffs fewer per frame.
const quickStyles = {
  name: 'quick-styles',
  setup(b) {
    b.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/ }, (args) => ({
      contents: withSameStylesSkipped(readFileSync(args.path, 'utf8'), args.path),
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

// yoga-layout (Ink's layout engine) carries its WebAssembly as base64 in a data: URL and
// decodes it with a JavaScript loop, then compiles it asynchronously: ~15 ms of CPU before
// the first frame. Here the bytes are decoded by Buffer (native) and compiled at once,
// through the instantiateWasm hook its Emscripten loader offers; the bytes are the same.
const YOGA_DATA_URL = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)"/;
const yogaAtOnce = {
  name: 'yoga-at-once',
  setup(b) {
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const found = YOGA_DATA_URL.exec(text);
      if (!found) throw new Error(`${args.path}: no base64 data: URL holding the WebAssembly`);
      const contents = `${text.replace(found[0], '"data:application/octet-stream;base64,"')}
const yogaWasm = ${JSON.stringify(found[1])};
/** Emscripten's instantiateWasm hook: the module compiled and instantiated synchronously. */
export function instantiateYoga(imports, ready) {
  const module = new WebAssembly.Module(Buffer.from(yogaWasm, 'base64'));
  const instance = new WebAssembly.Instance(module, imports);
  ready(instance, module);
  return instance.exports;
}
`;
      return { contents, loader: 'js' };
    });
    b.onLoad({ filter: /[\\/]yoga-layout[\\/]dist[\\/]src[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const load = 'await loadYoga()';
      const from = "import loadYoga from '../binaries/yoga-wasm-base64-esm.js';";
      if (!text.includes(load) || !text.includes(from)) throw new Error(`${args.path}: not the yoga-layout entry this build knows`);
      const contents = text
        .replace(from, "import loadYoga, { instantiateYoga } from '../binaries/yoga-wasm-base64-esm.js';")
        .replace(load, 'await loadYoga({ instantiateWasm: instantiateYoga })');
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

// markdown-it builds a linkify-it matcher in its constructor whether or not linkify is on:
// a dozen large Unicode patterns compiled, ~3 ms of a first `check`. runbook never turns it
// on (runbook/markdown-tree.ts reads text exactly as written), so markdown-it gets a
// LinkifyIt that holds nothing and refuses to be asked: if a later change turned linkify on,
// it would fail loudly, never read links differently.
const LINKIFY_STANDIN = `export default class LinkifyIt {
  ${['pretest', 'test', 'match', 'matchAtStart']
    .map((name) => `${name}() { throw new Error('linkify-it is left out of this build: markdown-it runs with linkify off'); }`)
    .join('\n  ')}
}
`;
const markdownItWithoutLinkify = {
  name: 'markdown-it-without-linkify',
  setup(b) {
    b.onResolve({ filter: /^linkify-it$/ }, (args) => {
      if (!/[\\/]markdown-it[\\/]/.test(args.importer)) throw new Error(`linkify-it imported by ${args.importer}, not markdown-it: the stand-in is only for markdown-it`);
      return { path: 'linkify-it', namespace: 'linkify-standin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'linkify-standin' }, () => ({ contents: LINKIFY_STANDIN, loader: 'js' }));
  },
};

rmSync('dist', { recursive: true, force: true });
// RUNBOOK_BUILD_META=FILE keeps esbuild's metafile: which module pulls which into a command's start.
const result = await build({
  metafile: Boolean(process.env.RUNBOOK_BUILD_META),
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
  banner: { js: BANNER.join('\n') },
  plugins: [builtinsByRequire, quickStringWidth, quickGraphemes, quickStyles, yogaAtOnce, markdownItWithoutLinkify],
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});
if (process.env.RUNBOOK_BUILD_META) writeFileSync(process.env.RUNBOOK_BUILD_META, JSON.stringify(result.metafile));
finishOutput();
chmodSync('dist/cli.js', 0o755);
