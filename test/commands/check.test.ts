// `runbook check` against real files in a temp dir: what it prints, its exit codes, its JSON.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCommand, type CheckDeps } from '../../source/commands/check';
import { targetProbe } from '../../source/commands/targets';
import type { Target } from '../../source/runbook/model';
import { SEEDS_DIR } from '../runbook/dialect-seeds';

const dir = mkdtempSync(join(tmpdir(), 'runbook-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function check(file: string, flags: { json?: boolean; preflight?: boolean } = {}, deps: CheckDeps = {}) {
  let stdout = '';
  let stderr = '';
  const code = await checkCommand(
    { file, json: flags.json ?? false, preflight: flags.preflight ?? false },
    { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) },
    deps,
  );
  return { code, stdout, stderr };
}

describe('check: a file that is not a usable runbook exits 2 with one line on stderr', () => {
  const fence = (lang: string, body: string) => '```' + lang + '\n' + body + '\n```\n';
  it.each([
    ['a missing file', () => join(dir, 'nope.md'), 'nope.md: no such file'],
    ['a directory', () => dir, ': is a directory'],
    ['a binary file', () => write('bin.md', Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02])), 'bin.md: is a binary file'],
    ['a file that is not UTF-8', () => write('latin1.md', Buffer.from('# Caf\xe9\n\n- [ ] x\n', 'latin1')), 'latin1.md: is not UTF-8 text'],
    ['no steps at all', () => write('prose.md', '# Notes\n\nNothing to do.\n'), 'prose.md:1: no steps found'],
    ['an unknown front-matter key', () => write('fm.md', '---\ntargts: {}\n---\n- [ ] a\n'), 'fm.md:2: unknown front-matter key "targts"'],
    ['an unknown annotation key', () => write('ann.md', `# T\n\n${fence('bash {retries=3}', 'ls')}`), 'ann.md:3: unknown annotation key "retries"'],
    ['a link to a missing anchor', () => write('link.md', '# T\n\n- Healthy?\n  - No → [Plan](#plan-z)\n  - Yes → go on\n'), 'link.md:4: link #plan-z names no heading in this file'],
    ['compare naming no capture', () => write('cmp.md', `# T\n\n${fence('sql {compare=before}', 'SELECT 1;')}`), 'cmp.md:3: compare=before names no capture=before'],
    ['target naming no target', () => write('tgt.md', `---\ntargets:\n  a: { kind: sqlite, path: a.db }\n---\n${fence('sql {target=b}', 'SELECT 1;')}`), "tgt.md:5: target \"b\" is not one of the front matter's targets (a)"],
  ])('%s', async (_what, make, message) => {
    const result = await check(make());
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('check: what it understood, for a person', () => {
  it('prints the title, phases with step counts, plans, decisions, inputs, expectations, reference and warnings', async () => {
    const file = join(SEEDS_DIR, 'sprint-3-checklist.md');
    const { code, stdout, stderr } = await check(file);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('Deployment Checklist: Sprint 3 - Full Agentic Coprocessor');
    expect(stdout).toMatch(/L40 +PHASE 1: Pre-Deploy Verification +7 shell, 2 sql, 6 manual, 4 input/);
    expect(stdout).toMatch(/L522 +PHASE 6: Rollback Procedures +1 decision/);
    expect(stdout).toMatch(/L549 +6\.2 Rollback Plan A: Database Migration +4 shell/);
    expect(stdout).toContain('YES → phase PHASE 7: Monitoring Plan (First 24 Hours)');
    expect(stdout).toContain('Database migration failed → plan 6.2 Rollback Plan A');
    expect(stdout).toMatch(/L5 +\$\{commit_sha\} +Commit SHA/);
    expect(stdout).toMatch(/Expectations: \d+ automatic, 6 for the operator to judge/);
    expect(stdout).toMatch(/L398 +Valid JSON with counts/);
    expect(stdout).toMatch(/L787 +Appendix A: Quick Reference Commands/);
    expect(stdout).toMatch(/L177 +sql +Expected Migration/);
    expect(stdout).toContain(`${file}:485: ends in grep: add {ok-exit=0,1} if finding nothing is fine`);
    // Everything but the file:line warnings and the command naming the file fits in 80 columns.
    expect(lines.filter((l) => !l.startsWith(file) && !l.endsWith(`${file} --preflight`) && [...l].length > 80)).toEqual([]);
  });

  it('lists captures and compares, and the secret inputs as secret', async () => {
    const file = write(
      'baseline.md',
      '---\ninputs:\n  token: { prompt: API token, secret: true }\n---\n# B\n\n```sql {capture=counts}\nSELECT 1;\n```\n\n```sql {compare=counts}\nSELECT 1;\n```\n',
    );
    const { stdout } = await check(file);
    expect(stdout).toMatch(/L7 +capture counts/);
    expect(stdout).toMatch(/L11 +compare counts/);
    expect(stdout).toMatch(/\$\{token\} +API token {2}\(secret\)/);
  });
});

describe('check --json', () => {
  const isNullOr = (v: unknown, type: string) => v === null || typeof v === type;

  it('prints exactly the documented shape, every key with its type', async () => {
    const { code, stdout } = await check(join(SEEDS_DIR, 'sprint-3-checklist.md'), { json: true });
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as Record<string, unknown>;
    // Issues 14 and 18 added keys at the end; the first eleven are the original contract, unchanged.
    expect(Object.keys(json)).toEqual(['title', 'file', 'sha256', 'phases', 'plans', 'steps', 'decisions', 'inputs', 'displayOnly', 'reference', 'warnings', 'fences', 'spans', 'ignoredFrontMatter', 'targets']);
    expect(json.title).toBe('Deployment Checklist: Sprint 3 - Full Agentic Coprocessor');
    expect(json.sha256).toMatch(/^[0-9a-f]{64}$/);

    const phases = json.phases as Record<string, unknown>[];
    const plans = json.plans as Record<string, unknown>[];
    for (const p of [...phases, ...plans]) {
      expect(Object.keys(p)).toEqual(['id', 'title', 'line']);
      expect([typeof p.id, typeof p.title, typeof p.line]).toEqual(['string', 'string', 'number']);
    }

    const steps = json.steps as Record<string, unknown>[];
    for (const s of steps) {
      const runs = s.kind === 'shell' ? ['command'] : s.kind === 'sql' ? ['sql'] : [];
      // Issue 18: a destructive step also names the statements that make it so (after the original keys).
      const added = s.destructive ? ['destructiveStatements'] : [];
      expect(Object.keys(s)).toEqual(['id', 'kind', 'title', 'line', 'phase', 'plan', 'section', ...runs, 'expectation', 'estimate', 'destructive', 'annotations', ...added]);
      expect(['manual', 'shell', 'sql', 'input', 'signoff', 'decision']).toContain(s.kind);
      expect([typeof s.id, typeof s.title, typeof s.line, typeof s.section, typeof s.destructive, typeof s.annotations]).toEqual(['string', 'string', 'number', 'string', 'boolean', 'object']);
      expect(isNullOr(s.phase, 'string') && isNullOr(s.plan, 'string') && isNullOr(s.estimate, 'string')).toBe(true);
      for (const key of runs) expect(typeof s[key]).toBe('string');
      const e = s.expectation as Record<string, unknown> | null;
      if (e !== null) {
        expect(Object.keys(e)).toEqual(['text', 'auto', 'line']);
        expect([typeof e.text, typeof e.auto, typeof e.line]).toEqual(['string', 'boolean', 'number']);
      }
    }
    expect(steps.filter((s) => s.kind === 'sql' && s.plan === null)).toHaveLength(7);

    const decisions = json.decisions as Record<string, unknown>[];
    expect(decisions).toHaveLength(2);
    for (const d of decisions) {
      expect(Object.keys(d)).toEqual(['id', 'step', 'line', 'question', 'answers']);
      expect(isNullOr(d.step, 'string')).toBe(true);
      for (const a of d.answers as Record<string, unknown>[]) {
        expect(Object.keys(a)).toEqual(['label', 'line', 'leadsTo']);
        const to = a.leadsTo as Record<string, unknown>;
        expect(Object.keys(to)).toEqual(['kind', 'id', 'title']);
        expect(['plan', 'phase', 'question', 'text']).toContain(to.kind);
        expect(isNullOr(to.id, 'string')).toBe(true);
      }
    }

    for (const i of json.inputs as Record<string, unknown>[]) {
      // `stop` added (issue 18): the condition beside the blank, or null.
      expect(Object.keys(i)).toEqual(['name', 'prompt', 'secret', 'line', 'stop']);
      expect([typeof i.name, typeof i.prompt, typeof i.secret, typeof i.line]).toEqual(['string', 'string', 'boolean', 'number']);
      const stop = i.stop as Record<string, unknown> | null;
      if (stop !== null) expect([Object.keys(stop), typeof stop.text, ['>', '>=', '<', '<=', '=', '!='].includes(stop.op as string)]).toEqual([['text', 'op', 'value'], 'string', true]);
    }
    // The seed's own: `- Failed: ____ (STOP if > 0)`; the other blanks have none.
    const stops = (json.inputs as { prompt: string; stop: unknown }[]).filter((i) => i.stop !== null);
    expect(stops).toEqual([expect.objectContaining({ prompt: 'Failed', stop: { text: 'STOP if > 0', op: '>', value: 0 } })]);
    for (const d of json.displayOnly as Record<string, unknown>[]) {
      expect(Object.keys(d)).toEqual(['line', 'lang', 'label']);
      expect(typeof d.line === 'number' && isNullOr(d.lang, 'string') && isNullOr(d.label, 'string')).toBe(true);
    }
    for (const r of json.reference as Record<string, unknown>[]) expect(Object.keys(r)).toEqual(['title', 'line']);
    for (const w of json.warnings as Record<string, unknown>[]) {
      expect(Object.keys(w)).toEqual(['line', 'message']);
      expect([typeof w.line, typeof w.message]).toEqual(['number', 'string']);
    }
  });
});

describe('check: line labels', () => {
  it('keep a space before the title from line 10,000 on, never L10002Late', async () => {
    const file = write('long.md', `# Long\n\n- [ ] early\n${'\n'.repeat(9_998)}## Late\n\n- [ ] late\n`);
    const { code, stdout } = await check(file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {2}L10002 Late {2,}1 manual\n/);
    // Shorter labels keep their column.
    expect(stdout).toMatch(/\n {2}L3 {4}Preamble {2,}1 manual\n/);
  });
});

describe('check --preflight', () => {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const tool = join(bin, 'deploytool');
  writeFileSync(tool, '#!/bin/sh\nexit 0\n');
  chmodSync(tool, 0o755);
  // The shell that starts every command is a program a run needs too.
  symlinkSync(execFileSync('sh', ['-c', 'command -v bash'], { encoding: 'utf8' }).trim(), join(bin, 'bash'));
  const home = mkdtempSync(join(dir, 'home-'));
  const env = { PATH: bin, HOME: home, RUNBOOK_HOME: join(dir, 'rbhome') };

  it('says which programs are on PATH and which are not, and fails on a missing one', async () => {
    const fences = ['deploytool --check', 'missingtool run | deploytool tail', 'missingtool again'].map((c) => '```bash\n' + c + '\n```\n');
    const file = write('pre.md', `# P\n\n## Go\n\n${fences.join('\n')}`);
    const { code, stdout } = await check(file, { preflight: true }, { env });
    expect(code).toBe(1);
    const findings = stdout.slice(stdout.indexOf('Preflight\n')).split('\n').slice(1, -1);
    expect(findings).toContain('ok   program deploytool');
    expect(findings).toContain('FAIL program missingtool: not on PATH (lines 9, 13)');
    expect(findings.find((f) => f.includes('journal'))).toMatch(/^ok {3}journal: journal directory .*rbhome\/journals is writable, .* free$/);
    expect(findings.find((f) => f.includes('signing key'))).toMatch(/^warn signing key: ssh-keygen is not on PATH; sign-offs will carry no SSH signature/);
  });

  it('fails when the shell that starts every command is not on PATH', async () => {
    const file = write('pre-zsh.md', '---\nshell: zsh\n---\n# P\n\n## Go\n\n```bash\ndeploytool --check\n```\n\n```bash\ndeploytool --go\n```\n');
    const { code, stdout } = await check(file, { preflight: true }, { env });
    expect(code).toBe(1);
    expect(stdout).toContain('\nFAIL program zsh: not on PATH (lines 8, 12)\n');
    expect(stdout).toContain('\nok   program deploytool\n');
  });

  it('passes when everything a run needs is here', async () => {
    const file = write('pre-ok.md', '# P\n\n## Go\n\n```bash\ndeploytool --check\n```\n');
    const { code, stdout } = await check(file, { preflight: true }, { env });
    expect(code).toBe(0);
    expect(stdout).not.toContain('FAIL');
  });

  it('fails when the journal directory cannot be written', async () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { recursive: true });
    chmodSync(locked, 0o500);
    try {
      const file = write('pre-j.md', '# P\n\n- [ ] x\n');
      const { code, stdout } = await check(file, { preflight: true }, { env: { ...env, RUNBOOK_HOME: join(locked, 'deep') } });
      // root may write anywhere; the finding still names the directory it tried.
      if (process.getuid?.() === 0) expect(stdout).toMatch(/journal: journal directory .*locked\/deep\/journals/);
      else {
        expect(code).toBe(1);
        expect(stdout).toMatch(/FAIL journal: journal directory .*locked\/deep\/journals is not writable/);
      }
    } finally {
      chmodSync(locked, 0o700);
    }
  });

  it('names a target that does not connect once, with what went wrong', async () => {
    const file = write('pre-down.md', '---\ntargets:\n  down: { kind: postgres, url: env:DOWN_URL }\n  unset: { kind: postgres, url: env:UNSET_URL }\n---\n# P\n\n```sql\nSELECT 1;\n```\n');
    const probeEnv = { ...env, DOWN_URL: 'postgres://postgres@127.0.0.1:1/none' };
    const { code, stdout } = await check(file, { preflight: true }, { env: probeEnv, checkTarget: targetProbe(file, probeEnv, {}) });
    expect(code).toBe(1);
    expect(stdout).toContain('\nFAIL target down: connection refused at 127.0.0.1:1\n');
    expect(stdout).toContain('\nFAIL target unset: environment variable UNSET_URL is not set\n');
  });

  it('tries each target through the callback, against a real PostgreSQL', async () => {
    const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const file = write(
      'pre-db.md',
      '---\ntargets:\n  good: { kind: postgres, url: env:GOOD_URL }\n  bad: { kind: postgres, url: env:BAD_URL }\n---\n# P\n\n```sql\nSELECT 1;\n```\n',
    );
    const urls: Record<string, string> = { GOOD_URL: url, BAD_URL: 'postgres://postgres@127.0.0.1:1/none' };
    const checkTarget = async (target: Target): Promise<string | null> => {
      const client = new pg.Client({ connectionString: urls[(target.url ?? '').replace(/^env:/, '')], connectionTimeoutMillis: 5000 });
      try {
        await client.connect();
        await client.query('SELECT 1');
        return null;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      } finally {
        await client.end().catch(() => undefined);
      }
    };
    const { code, stdout } = await check(file, { preflight: true, json: true }, { env, checkTarget });
    expect(code).toBe(1);
    // With --json the findings go to stderr; stdout stays one JSON document.
    expect(() => JSON.parse(stdout) as unknown).not.toThrow();
    const { stderr } = await check(file, { preflight: true, json: true }, { env, checkTarget });
    expect(stderr).toContain('ok   target good');
    expect(stderr).toMatch(/FAIL target bad: .*ECONNREFUSED/);
  });
});
