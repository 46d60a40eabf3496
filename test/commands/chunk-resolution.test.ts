// The built CLI answers its own chunks' imports of one another itself (source/chunk-resolution.ts)
// and leaves every other import to Node: seen from a real `runbook check` under an observing
// hook, and the rule itself on the names a build has and the ones it must leave alone.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ownChunks } from '../../source/chunk-resolution';
import { CLI, cliEnv, tempDir } from '../helpers/cli';

const ENTRY = 'file:///opt/runbook/dist/cli.js';
const ownChunkUrl = ownChunks(ENTRY);

/** The chunk files `file` imports statically, and they in turn: linked before any of them runs. */
function staticChunks(file: string, found = new Set<string>()): Set<string> {
  for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?["'](\.\/(?:chunks\/)?[\w.-]+\.js)["'];?$/gm)) {
    const name = (m[1] ?? '').replace(/^.*\//, '');
    if (found.has(name)) continue;
    found.add(name);
    staticChunks(join(dirname(CLI), 'chunks', name), found);
  }
  return found;
}

describe('ownChunks', () => {
  it('answers a chunk importing a chunk, and the entry importing a chunk', () => {
    expect(ownChunkUrl('./chunk-AB12CD.js', 'file:///opt/runbook/dist/chunks/run-XY.js')).toBe('file:///opt/runbook/dist/chunks/chunk-AB12CD.js');
    expect(ownChunkUrl('./chunks/cli-QM.js', ENTRY)).toBe('file:///opt/runbook/dist/chunks/cli-QM.js');
  });

  it('leaves Node everything that is not one chunk of this build importing another', () => {
    const chunk = 'file:///opt/runbook/dist/chunks/run-XY.js';
    expect(ownChunkUrl('better-sqlite3', chunk)).toBeNull();
    expect(ownChunkUrl('node:fs', chunk)).toBeNull();
    expect(ownChunkUrl('../cli.js', chunk)).toBeNull();
    expect(ownChunkUrl('./chunk-AB.mjs', chunk)).toBeNull();
    expect(ownChunkUrl('./sub/chunk-AB.js', chunk)).toBeNull();
    expect(ownChunkUrl('./chunk-AB.js', undefined)).toBeNull();
    // better-sqlite3's own files, and a file of another package that happens to sit below.
    expect(ownChunkUrl('./database.js', 'file:///opt/runbook/node_modules/better-sqlite3/lib/index.js')).toBeNull();
    expect(ownChunkUrl('./x.js', 'file:///opt/runbook/dist/chunks/deeper/y.js')).toBeNull();
    expect(ownChunkUrl('./chunk-AB.js', 'file:///opt/other/dist/chunks/run-XY.js')).toBeNull();
    // Nothing that leaves dist/chunks/, or names it in another spelling.
    expect(ownChunkUrl('./chunks/../../etc/x.js', ENTRY)).toBeNull();
    expect(ownChunkUrl('./chunk-AB.js?v=1', chunk)).toBeNull();
    expect(ownChunkUrl('./chunk%2FAB.js', chunk)).toBeNull();
    expect(ownChunkUrl('./chunk-AB.js', 'file:///opt/runbook/dist/other.js')).toBeNull();
  });
});

describe('the built CLI', () => {
  it('resolves its chunks itself and leaves Node its own modules', () => {
    const home = tempDir();
    const seen = join(home, 'seen.txt');
    writeFileSync(seen, '');
    // Registered before runbook's own hook, so it sees only what runbook passes on to Node.
    const observer = join(home, 'observer.mjs');
    writeFileSync(
      observer,
      `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({ resolve(specifier, context, next) { appendFileSync(${JSON.stringify(seen)}, specifier + '\\n'); return next(specifier, context); } });
`,
    );
    const runbook = join(process.cwd(), 'runbooks/demo.md');
    const out = execFileSync(process.execPath, ['--import', pathToFileURL(observer).href, CLI, 'check', runbook], { env: cliEnv(home), encoding: 'utf8' });
    expect(out).toContain('runbook check');
    const specifiers = readFileSync(seen, 'utf8').split('\n').filter(Boolean);
    // Only what dist/cli.js imports statically is resolved before its first line registers
    // the hook; every chunk loaded after that (the CLI, the check command, the parser) is not.
    const beforeHook = staticChunks(CLI);
    const chunksSeen = specifiers.filter((s) => s.endsWith('.js') && s.startsWith('./')).map((s) => s.replace(/^.*\//, ''));
    expect(chunksSeen.length).toBeGreaterThan(0);
    expect(chunksSeen.filter((name) => !beforeHook.has(name))).toEqual([]);
    expect(specifiers).toContain('node:fs');
  });
});
