// The cache of parsed runbooks: a hit is the runbook the parser would give, an edited file
// or another build misses, and an entry or directory anyone else could write is never
// trusted (it tells `run` what commands to run). Real files in a temp dir; the last block
// drives the built CLI, whose build id is the real one.

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openParseCache, parseCacheDir, textKey } from '../../source/commands/parse-cache';
import { loadRunbookCached } from '../../source/commands/load-cached';
import { loadRunbook } from '../../source/commands/load';
import { spawnSync } from 'node:child_process';
import { CLI, cliEnv, runCli } from '../helpers/cli';
import { SEEDS_DIR } from '../runbook/dialect-seeds';

const root = mkdtempSync(join(tmpdir(), 'runbook-parse-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let n = 0;
function fresh(): { dir: string; cacheDir: string; env: Record<string, string> } {
  const dir = join(root, `case-${++n}`);
  mkdirSync(dir);
  return { dir, cacheDir: join(dir, 'home', 'cache', 'parsed'), env: { RUNBOOK_HOME: join(dir, 'home') } };
}

const SEED = join(SEEDS_DIR, 'sprint-3-checklist.md');

describe('where the cache lives', () => {
  it('follows RUNBOOK_HOME, then XDG_CACHE_HOME, then ~/.cache; RUNBOOK_NO_CACHE turns it off', () => {
    expect(parseCacheDir({ RUNBOOK_HOME: '/h', XDG_CACHE_HOME: '/x', HOME: '/u' })).toBe('/h/cache/parsed');
    expect(parseCacheDir({ XDG_CACHE_HOME: '/x', HOME: '/u' })).toBe('/x/runbook/parsed');
    expect(parseCacheDir({ HOME: '/u' })).toBe('/u/.cache/runbook/parsed');
    expect(parseCacheDir({ HOME: '/u', RUNBOOK_NO_CACHE: '1' })).toBeNull();
  });
});

describe('a parsed runbook kept by content', () => {
  it('gives back exactly what the parser gave, under the name it is loaded by now', async () => {
    const { dir, cacheDir, env } = fresh();
    const parsed = loadRunbook(SEED).runbook;
    const first = await loadRunbookCached(SEED, env, 'build-a');
    expect(first.runbook).toEqual(parsed);
    expect(readdirSync(cacheDir).sort()).toEqual([`${parsed.sha256}.json`, `${textKey(readFileSync(SEED, 'utf8'))}.key`].sort());
    const copy = join(dir, 'copy.md');
    writeFileSync(copy, readFileSync(SEED));
    const again = await loadRunbookCached(copy, env, 'build-a');
    expect(again.runbook).toEqual({ ...parsed, file: copy });
  });

  it('misses for an edited file and for another build', async () => {
    const { dir, cacheDir, env } = fresh();
    const file = join(dir, 'r.md');
    writeFileSync(file, '# R\n\n- [ ] first\n');
    const before = await loadRunbookCached(file, env, 'build-a');
    writeFileSync(file, '# R\n\n- [ ] first\n- [ ] second\n');
    const after = await loadRunbookCached(file, env, 'build-a');
    expect(before.runbook.steps).toHaveLength(1);
    expect(after.runbook.steps).toHaveLength(2);
    expect(readdirSync(cacheDir).filter((n) => n.endsWith('.json'))).toHaveLength(2);
    const cache = openParseCache(cacheDir, 'build-b');
    expect(cache.get(after.runbook.sha256)).toBeNull();
    expect(openParseCache(cacheDir, 'build-a').get(after.runbook.sha256)).toEqual(after.runbook);
  });

  it('keeps nothing when there is no build id (running from source)', async () => {
    const { cacheDir, env } = fresh();
    await loadRunbookCached(SEED, env, undefined);
    expect(existsSync(cacheDir)).toBe(false);
  });

  it('treats a torn or foreign entry as a miss and parses afresh', async () => {
    const { cacheDir, env } = fresh();
    const { runbook } = await loadRunbookCached(SEED, env, 'build-a');
    const entry = join(cacheDir, `${runbook.sha256}.json`);
    writeFileSync(entry, readFileSync(entry, 'utf8').slice(0, 500));
    expect(openParseCache(cacheDir, 'build-a').get(runbook.sha256)).toBeNull();
    expect((await loadRunbookCached(SEED, env, 'build-a')).runbook).toEqual(runbook);
    // The parse above wrote a whole entry back.
    expect(openParseCache(cacheDir, 'build-a').get(runbook.sha256)).toEqual(runbook);
  });

  it('is a miss, at once, where its directory cannot be made (under /proc)', async () => {
    // Through the CLI with a deadline: Node's recursive mkdir never returns there.
    const { dir } = fresh();
    const result = await runCli(['check', SEED], { env: { ...cliEnv(dir), RUNBOOK_HOME: '/proc/runbook-parse-cache-test' }, timeoutMs: 15_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Sprint 3');
  });

  it('finds an entry by its text alone, and only for exactly that text', async () => {
    const { dir, cacheDir, env } = fresh();
    const source = readFileSync(SEED, 'utf8');
    const { runbook } = await loadRunbookCached(SEED, env, 'build-a');
    const cache = openParseCache(cacheDir, 'build-a');
    expect(cache.find(source)).toEqual(runbook);
    expect(openParseCache(cacheDir, 'build-b').find(source)).toBeNull();
    // A key file that leads to an entry of another text (a quick-key collision, or a
    // mistake) is a miss: the text itself decides, never its key.
    const other = source.replace('# Deployment Checklist: Sprint 3', '# Deployment Checklist: Sprint 3b');
    writeFileSync(join(cacheDir, `${textKey(other)}.key`), runbook.sha256, { mode: 0o600 });
    expect(cache.find(other)).toBeNull();
    const file = join(dir, 'other.md');
    writeFileSync(file, other);
    expect((await loadRunbookCached(file, env, 'build-a')).runbook.title).toMatch(/Sprint 3b /);
    expect(cache.find(other)?.title).toMatch(/Sprint 3b /);
    expect(cache.find(source)).toEqual(runbook);
  });

  it('keeps at most 64 entries: past them the oldest go, down to 48, so most writes never look for the oldest', () => {
    const { cacheDir } = fresh();
    const cache = openParseCache(cacheDir, 'build-a');
    const base = loadRunbook(SEED).runbook;
    const shas = Array.from({ length: 70 }, (_, i) => i.toString(16).padStart(64, '0'));
    const sizes = shas.map((sha256) => {
      cache.put({ ...base, sha256 });
      return readdirSync(cacheDir).length;
    });
    expect(Math.max(...sizes)).toBe(64);
    // The 65th write drops the 17 oldest; the next ones only add.
    expect(sizes.slice(63)).toEqual([64, 48, 49, 50, 51, 52, 53]);
    // The newest stays (which of the oldest go is the file system's clock's to say).
    expect(cache.get(shas.at(-1) ?? '')).not.toBeNull();
  });
});

describe('an entry anyone else could have written is never trusted', () => {
  async function planted(mutate: (entry: string, cacheDir: string) => void) {
    const { cacheDir, env } = fresh();
    const { runbook } = await loadRunbookCached(SEED, env, 'build-a');
    const entry = join(cacheDir, `${runbook.sha256}.json`);
    // What an attacker would plant: the same key, another command to run.
    const forged = JSON.parse(readFileSync(entry, 'utf8')) as { runbook: { title: string } };
    forged.runbook.title = 'FORGED';
    writeFileSync(entry, JSON.stringify(forged));
    expect(openParseCache(cacheDir, 'build-a').get(runbook.sha256)?.title).toBe('FORGED');
    mutate(entry, cacheDir);
    return { cache: openParseCache(cacheDir, 'build-a'), runbook, env };
  }

  it('not an entry writable by group or others', async () => {
    const { cache, runbook, env } = await planted((entry) => chmodSync(entry, 0o666));
    expect(cache.get(runbook.sha256)).toBeNull();
    expect((await loadRunbookCached(SEED, env, 'build-a')).runbook.title).toBe(runbook.title);
  });

  it('not an entry in a directory writable by group or others, and nothing is written there', async () => {
    // The forged entry itself is private (0600): only the directory lets others in.
    const { cache, runbook, env } = await planted((_entry, cacheDir) => chmodSync(cacheDir, 0o777));
    expect(cache.get(runbook.sha256)).toBeNull();
    cache.put({ ...runbook, sha256: 'f'.repeat(64) });
    expect(existsSync(join(parseCacheDir(env) ?? '', `${'f'.repeat(64)}.json`))).toBe(false);
  });

  it('not an entry that is a link to somewhere else', async () => {
    const { cache, runbook } = await planted((entry, cacheDir) => {
      const elsewhere = join(cacheDir, '..', 'elsewhere.json');
      writeFileSync(elsewhere, readFileSync(entry), { mode: 0o600 });
      rmSync(entry);
      symlinkSync(elsewhere, entry);
    });
    expect(cache.get(runbook.sha256)).toBeNull();
  });
});

describe('runbook check, twice, through the built CLI', () => {
  it('prints the same the second time, from the cache, and sees an edit at once', async () => {
    const { dir } = fresh();
    const env = cliEnv(dir);
    const file = join(dir, 'sprint-3.md');
    writeFileSync(file, readFileSync(SEED));
    const first = await runCli(['check', file, '--json'], { env });
    expect(first.code).toBe(0);
    const cacheDir = join(env.RUNBOOK_HOME ?? '', 'cache', 'parsed');
    // One entry, and the key that finds it by the file's text.
    expect(readdirSync(cacheDir).map((n) => n.replace(/^.*\./, '')).sort()).toEqual(['json', 'key']);
    const second = await runCli(['check', file, '--json'], { env });
    expect(second).toEqual(first);
    writeFileSync(file, readFileSync(SEED, 'utf8').replace('# Deployment Checklist: Sprint 3', '# Deployment Checklist: Sprint 3b'));
    const edited = await runCli(['check', file, '--json'], { env });
    const title = (r: { stdout: string }) => (JSON.parse(r.stdout) as { title: string }).title;
    expect(title(first)).toMatch(/Sprint 3 /);
    expect(title(edited)).toMatch(/Sprint 3b /);
    const off = await runCli(['check', file, '--json'], { env: { ...env, RUNBOOK_NO_CACHE: '1' } });
    expect(off).toEqual(edited);
  });
});

describe('a cached check starts light', () => {
  it('does not load node:crypto when the file was checked before', () => {
    const { dir } = fresh();
    const env = cliEnv(dir);
    // Preloaded into the real CLI: at exit, the Node modules it loaded. node:crypto costs
    // ~10 ms of CPU here, a third of Node's own start; the first check hashes the file.
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => process.stderr.write(`\\nLOADED ${JSON.stringify(process.moduleLoadList)}\\n`));\n");
    const check = () => {
      const r = spawnSync(process.execPath, ['-r', probe, CLI, 'check', SEED], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(/^LOADED (.*)$/m.exec(r.stderr)?.[1] ?? '[]') as string[];
    };
    expect(check()).toContain('NativeModule crypto');
    const second = check();
    expect(second).not.toContain('NativeModule crypto');
    expect(second.length).toBeGreaterThan(0);
  });
});

describe('what check derives from the runbook alone is kept with the parse', () => {
  type Statement = { line: number; reason: string; text: string };

  it('keeps each step’s destructive statements, in step order, and gives them back on a hit', async () => {
    const { cacheDir, env } = fresh();
    const first = await loadRunbookCached(SEED, env, 'build-a');
    const { statementsByStep } = await import('../../source/commands/destructive-statements');
    const expected = statementsByStep(loadRunbook(SEED).runbook);
    expect(expected.flat().length).toBeGreaterThan(3);
    expect(first.destructive).toEqual(expected);
    const entry = JSON.parse(readFileSync(join(cacheDir, `${first.runbook.sha256}.json`), 'utf8')) as { destructive: Statement[][] };
    expect(entry.destructive).toEqual(expected);
    expect((await loadRunbookCached(SEED, env, 'build-a')).destructive).toEqual(expected);
    expect(openParseCache(cacheDir, 'build-a').getKept(first.runbook.sha256)?.destructive).toEqual(expected);
  });

  it('the cached check prints the kept statements, and finds them again when the entry has none that fit', async () => {
    const { dir } = fresh();
    const env = cliEnv(dir);
    const file = join(dir, 'sprint-3.md');
    writeFileSync(file, readFileSync(SEED));
    const first = await runCli(['check', file], { env });
    expect(first.code).toBe(0);
    const sha256 = (JSON.parse((await runCli(['check', file, '--json'], { env })).stdout) as { sha256: string }).sha256;
    const entryPath = join(env.RUNBOOK_HOME ?? '', 'cache', 'parsed', `${sha256}.json`);
    const entry = JSON.parse(readFileSync(entryPath, 'utf8')) as { destructive?: Statement[][] };
    const kept = entry.destructive?.find((s) => s.length > 0)?.[0];
    if (!kept) throw new Error('the entry kept no destructive statement');
    expect(first.stdout).toContain(kept.text.slice(0, 40));
    // Proof the rules did not run again: a statement changed in the (private) entry is what check shows.
    kept.text = 'KEPT STATEMENT';
    writeFileSync(entryPath, JSON.stringify(entry), { mode: 0o600 });
    const fromCache = await runCli(['check', file], { env });
    expect(fromCache.stdout).toContain('KEPT STATEMENT');
    // An entry with one list too few (or none) is not trusted for them: found again, as at first.
    entry.destructive = entry.destructive?.slice(1);
    writeFileSync(entryPath, JSON.stringify(entry), { mode: 0o600 });
    expect(await runCli(['check', file], { env })).toEqual(first);
    delete entry.destructive;
    writeFileSync(entryPath, JSON.stringify(entry), { mode: 0o600 });
    expect(await runCli(['check', file], { env })).toEqual(first);
  });
});
