// The bundle (.ci/build.mjs) is ~100 ES module chunks, and a run's first frame loads ~60 of
// them through ~250 imports of one another. Node resolves each import as it would any: a URL
// made, the file stat-ed and its real path found, its format looked up in package.json.
// That was ~10 ms of CPU before the first frame. An import of one chunk by another names a
// file of this very build, beside it, always there and always an ES module: it is answered
// directly. Anything else (Node's own modules, better-sqlite3, any import from outside the
// build) goes to Node as before.

import module from 'node:module';

/** A file name the build gives a chunk: `chunk-AB12CD.js`, `run-XY34.js`. */
const CHUNK_NAME = /^[\w.-]+\.js$/;

/**
 * The rule for the build whose entry is `entryUrl` (dist/cli.js): the URL of the chunk
 * `specifier` names when it is one chunk of that build importing another (`./chunk-X.js` from
 * dist/chunks/, `./chunks/chunk-X.js` from dist/cli.js), null for anything else, which Node
 * resolves itself. Plain string work: it answers hundreds of imports before a first frame.
 */
export function ownChunks(entryUrl: string): (specifier: string, parentUrl: string | undefined) => string | null {
  const root = new URL('./', entryUrl).href;
  const chunks = new URL('./chunks/', entryUrl).href;
  return (specifier, parentUrl) => {
    if (parentUrl === undefined || !specifier.startsWith('./')) return null;
    const from = parentUrl.slice(0, parentUrl.lastIndexOf('/') + 1);
    const name = from === chunks ? specifier.slice(2) : from === root && specifier.startsWith('./chunks/') ? specifier.slice(9) : null;
    return name !== null && CHUNK_NAME.test(name) ? chunks + name : null;
  };
}

/**
 * Node's resolution skipped for the build's own chunks (above). On a Node without
 * module.registerHooks (22 before 22.15) nothing changes, and a failure to register only
 * means a slower start.
 */
export function resolveOwnChunksDirectly(entryUrl: string): void {
  const register = (module as { registerHooks?: typeof module.registerHooks }).registerHooks;
  if (typeof register !== 'function') return;
  const ownChunkUrl = ownChunks(entryUrl);
  try {
    register({
      resolve(specifier, context, nextResolve) {
        const url = ownChunkUrl(specifier, context.parentURL);
        return url === null ? nextResolve(specifier, context) : { url, format: 'module', shortCircuit: true };
      },
    });
  } catch {
    // A quicker start, never a reason not to start.
  }
}
