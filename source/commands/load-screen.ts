// Loading the Ink screen, lazily (check and --help never load it), and without paying for
// Node's fetch: yoga-layout, Ink's layout engine, reads its WebAssembly from a data: URL
// with fetch() whenever fetch exists, and Node's first fetch() loads undici (~40 ms of CPU
// before the first frame). Without fetch, yoga decodes the same bytes itself.

export async function loadScreen<T>(load: () => Promise<T>): Promise<T> {
  const global = globalThis as { fetch?: typeof fetch };
  const saved = global.fetch;
  global.fetch = undefined;
  try {
    return await load();
  } finally {
    global.fetch = saved;
  }
}
