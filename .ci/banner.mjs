// The two lines esbuild puts at the top of every file of the bundle (build.mjs): a require()
// for the CommonJS packages and Node's own modules, and the stand-in that hands a built-in
// module to the code that imported it.

export const BANNER = [
  "import { createRequire as __runbookCreateRequire } from 'node:module'; const require = __runbookCreateRequire(import.meta.url);",
  'const __runbookBuiltin = (m) => Object.create(m, { default: { value: m, enumerable: true } });',
];

/**
 * The banner's lines a chunk never uses, left out. Most chunks neither require() anything
 * nor use a built-in stand-in, and each one loaded would still import node:module and make
 * a require of its own: ~60 of them before a run's first frame. A line stays when its name
 * appears anywhere after it (in a string or comment too: kept in doubt, never taken wrongly).
 */
export function withoutUnusedBanner(text, file) {
  const at = text.indexOf(`${BANNER[0]}\n${BANNER[1]}\n`);
  if (at === -1) throw new Error(`${file}: the banner is not where the build puts it`);
  const rest = text.slice(at + BANNER[0].length + BANNER[1].length + 2);
  const kept = [/\brequire\b/.test(rest) ? BANNER[0] : null, /\b__runbookBuiltin\b/.test(rest) ? BANNER[1] : null].filter((line) => line !== null);
  return `${text.slice(0, at)}${kept.map((line) => `${line}\n`).join('')}${rest}`;
}
