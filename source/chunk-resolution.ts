// The bundle (.ci/build.mjs) is ~100 ES module chunks, and a run's first frame loads ~60 of
// them through ~250 imports of one another. Node resolves each import as it would any: a URL
// made, the file stat-ed and its real path found, its format looked up in package.json.
// That was ~10 ms of CPU before the first frame. An import of one chunk by another names a
// file of this very build, beside it, always there and always an ES module: it is answered
// directly. Anything else (Node's own modules, better-sqlite3, any import from outside the
// build) goes to Node as before.

import module from 'node:module';

/**
 * The URL of the chunk `specifier` names, when it is one chunk of the build at `entryUrl`
 * (dist/cli.js) importing another: `./chunk-X.js` from dist/chunks/, or `./chunks/chunk-X.js`
 * from dist/cli.js. Null for anything else, which Node resolves itself.
 */
export function ownChunkUrl(specifier: string, parentUrl: string | undefined, entryUrl: string): string | null {
  if (parentUrl === undefined || !specifier.startsWith('./') || !specifier.endsWith('.js')) return null;
  const root = new URL('./', entryUrl).href;
  if (!parentUrl.startsWith(root) || parentUrl.slice(root.length).split('/').length > 2) return null;
  const chunks = new URL('./chunks/', entryUrl).href;
  const url = new URL(specifier, parentUrl).href;
  const name = url.slice(chunks.length);
  return url.startsWith(chunks) && /^[\w.-]+\.js$/.test(name) ? url : null;
}

/**
 * Node's resolution skipped for the build's own chunks (above). On a Node without
 * module.registerHooks (22 before 22.15) nothing changes, and a failure to register only
 * means a slower start.
 */
export function resolveOwnChunksDirectly(entryUrl: string): void {
  const register = (module as { registerHooks?: typeof module.registerHooks }).registerHooks;
  if (typeof register !== 'function') return;
  try {
    register({
      resolve(specifier, context, nextResolve) {
        const url = ownChunkUrl(specifier, context.parentURL, entryUrl);
        return url === null ? nextResolve(specifier, context) : { url, format: 'module', shortCircuit: true };
      },
    });
  } catch {
    // A quicker start, never a reason not to start.
  }
}
