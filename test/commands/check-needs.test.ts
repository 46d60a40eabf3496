// `runbook check` through the built CLI (issue 18): what a run will need — each target and
// its environment variable or file, the statement that makes each destructive step so —
// and the --preflight hint when something is missing; a front-matter YAML error in one line.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';

const dir = tempDir('runbook-check-needs-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const RUNBOOK = [
  '---',
  'title: Needs',
  'targets:',
  '  govos:',
  '    kind: postgres',
  '    url: env:NEEDS_TEST_DATABASE_URL',
  '  cache:',
  '    kind: sqlite',
  '    path: ./cache.db',
  '---',
  '# Needs',
  '',
  '## Phase 1: Clean up',
  '',
  '```sql',
  '-- 1. Check current usage',
  'SELECT count(*) FROM sessions;',
  'DELETE FROM sessions',
  "  WHERE expired_at < now() - interval '30 days';",
  '```',
  '',
  '```sql {target=cache}',
  'SELECT 1;',
  '```',
  '',
  '```bash',
  '# Stop the workers first',
  'docker compose stop worker',
  '```',
  '',
].join('\n');

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const check = (file: string, extra: Record<string, string> = {}, args: string[] = []) => runCli(['check', file, ...args], { env: cliEnv(tempDir('runbook-check-home-'), extra) });

describe('check says what a run will need', () => {
  const file = write('needs.md', RUNBOOK);

  it('lists each target and what it needs, names a destructive step by its statement, and ends with the --preflight hint when something is missing', async () => {
    const { code, stdout, stderr } = await check(file);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(stdout).toContain('Targets (2) — what a run needs\n  govos · postgres · 1 sql step (the default target)\n      needs env NEEDS_TEST_DATABASE_URL ✘ not set\n');
    expect(stdout).toContain(`  cache · sqlite · 1 sql step\n      needs file ${join(dir, 'cache.db')} ✘ missing\n`);
    // The statement that makes the step destructive, at its own line — not the step's first comment.
    expect(stdout).toContain('Destructive (typed confirmation): 2\n  L18   DELETE · DELETE FROM sessions WHERE expired_at < now() - interval \'30\n        days\';\n  L28   docker compose stop · docker compose stop worker\n');
    expect(stdout).not.toMatch(/Destructive[^]*Check current usage/);
    // The last lines: what is missing, then the command that tries the rest.
    expect(lines.slice(-3)).toEqual(['Try what a run needs (targets connect, programs on PATH, journal) with:', `  runbook check ${file} --preflight`, '']);
    expect(stdout).toMatch(/Missing for a run: NEEDS_TEST_DATABASE_URL is not set \(target govos\);\s+\S*cache\.db does not exist \(target cache\)\./);
    expect(lines.filter((l) => [...l].length > 80 && !l.includes(file) && !l.includes(dir))).toEqual([]);
  });

  it('with the variable set and the file there: each need ticked, and no hint', async () => {
    write('cache.db', '');
    try {
      const { code, stdout } = await check(file, { NEEDS_TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
      expect(code).toBe(0);
      expect(stdout).toContain('needs env NEEDS_TEST_DATABASE_URL ✔');
      expect(stdout).toContain(`needs file ${join(dir, 'cache.db')} ✔`);
      expect(stdout).not.toContain('--preflight');
      expect(stdout).not.toContain('Missing for a run');
    } finally {
      rmSync(join(dir, 'cache.db'));
    }
  });

  it('sql steps and no targets: says run needs --target, and hints --preflight', async () => {
    const bare = write('bare.md', '# Bare\n\n```sql\nSELECT 1;\n```\n');
    const { stdout } = await check(bare);
    expect(stdout).toContain('Targets: none — 1 sql steps need --target NAME=URL');
    expect(stdout).toContain('Missing for a run: 1 sql steps but no targets: run needs --target NAME=URL.');
    expect(stdout).toContain(`  runbook check ${bare} --preflight`);
  });

  it('--json adds targets (with what each needs) and each destructive step’s statements; the old keys stay', async () => {
    const { code, stdout } = await check(file, {}, ['--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as { targets: unknown; steps: { destructive: boolean; destructiveStatements?: unknown; title: string }[] };
    expect(json.targets).toEqual([
      { name: 'govos', kind: 'postgres', default: true, steps: 1, needs: [{ kind: 'env', name: 'NEEDS_TEST_DATABASE_URL', ready: false }] },
      { name: 'cache', kind: 'sqlite', default: false, steps: 1, needs: [{ kind: 'file', name: join(dir, 'cache.db'), ready: false }] },
    ]);
    const destructive = json.steps.filter((s) => s.destructive);
    expect(destructive.map((s) => s.destructiveStatements)).toEqual([
      [{ line: 18, reason: 'DELETE', text: "DELETE FROM sessions WHERE expired_at < now() - interval '30 days';" }],
      [{ line: 28, reason: 'docker compose stop', text: 'docker compose stop worker' }],
    ]);
    expect(json.steps.filter((s) => !s.destructive).every((s) => !('destructiveStatements' in s))).toBe(true);
  });
});

describe('a front-matter YAML error', () => {
  it.each([
    ['a key indented wrong', '---\ntitle: x\ntargets:\n  pg:\n    kind: postgres\n   url: env:X\n---\n# T\n\n- [ ] a\n', ':6: front matter is not valid YAML: All mapping items must start at the same column (column 1)'],
    ['a mapping inside a value', '---\ntitle: a: b\n---\n# T\n\n- [ ] a\n', ':2: front matter is not valid YAML: Nested mappings are not allowed in compact mappings (column 8)'],
  ])('%s: one line, one location (file:line), what is wrong; exit 2', async (_what, text, message) => {
    const file = write('bad-yaml.md', text);
    const { code, stdout, stderr } = await check(file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`${file}${message}\n`);
    // No second location (the YAML parser's own "at line N, column M"), no trailing colon.
    expect(stderr).not.toMatch(/at line \d+/);
    expect(stderr.trimEnd()).not.toMatch(/:$/);
  });
});
