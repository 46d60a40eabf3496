import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { recordRun, SECRET, sshSigner, type RecordedRun } from './record-run';
import { listItems, markdownlint, report, section } from './helpers';
import type { Report } from '../../source/report/model';

let dir: string;
let run: RecordedRun;
let md: string;
let json: Report;
let rawJson: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runbook-report-'));
  run = await recordRun(dir, { extent: 'all', signer: await sshSigner(dir) });
  md = await report(run.journal, 'md', dir);
  rawJson = await report(run.journal, 'json', dir);
  json = JSON.parse(rawJson) as Report;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the Markdown report of a recorded run', () => {
  it('opens with the title, the run state, the runbook, the operator and their identity', () => {
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Orders service deploy');
    expect(md).toContain('> **MONITORING**: every step is done but scheduled checks are still ahead');
    expect(md).toContain(`- Runbook: \`${run.runbookFile}\` · sha256 \``);
    expect(md).toContain(`- Journal: \`${run.journal}\``);
    expect(md).toContain('- Operators: Ana Lima, then Ben Okafor (driving now: Ben Okafor)');
    expect(md).toMatch(/- Started: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC · Ended: not ended/);
    const sessions = section(md, '## Operators and sessions');
    // The account is the system's (the process's uid), whatever USER said.
    expect(sessions).toContain(`| started the run | Ana Lima | ${userInfo().username} |`);
    expect(sessions).toContain('| 10.0.0.9 | session $3, pane %7, socket /tmp/tmux-1000/default |');
    expect(sessions).toMatch(/\| took the run over from Ana Lima \| Ben Okafor \| [^|]+ \| .* \| 10\.0\.0\.23 \| screen 4711\.deploy \|/);
  });

  it('shows a passed shell step with who, when, exit code, the command, its output and its expectation', () => {
    const step = section(md, '#### 4. ✔ echo "release notes');
    expect(step).toMatch(/✔ passed · shell · line 22 · by Ana Lima · .* UTC → .* UTC · \d+ ms · exit 0/);
    expect(step).toContain('Release notes are in place');
    expect(step).toContain('```bash\necho "release notes | v2 | \\`ok\\` <pod> *draft*"\n```');
    expect(step).toContain('```text\nrelease notes | v2 | `ok` <pod> *draft*\n```');
    expect(step).toContain('- Expected: `"release notes"` → ✔ passed');
  });

  it('shows a failed step with its exit code, its stderr and the note the operator added', () => {
    const step = section(md, '#### 7. ✘ echo "disk almost full"');
    expect(step).toContain('✘ FAILED · shell');
    expect(step).toContain('exit 3');
    expect(step).toContain('```text\ndisk almost full\n```');
    expect(listItems(step)).toContain('Note: disk | 91% full, `df -h` agrees; cleared /var/tmp and went on');
  });

  it('shows a skipped step with its reason and a manual check with its note', () => {
    expect(section(md, '#### 10. ↷ Cache warmed')).toContain('- Skipped: cache is cold-started by the deploy itself');
    const manual = section(md, '#### 9. ✔ Staging smoke tests passed');
    expect(manual).toContain('✔ passed · manual · line 52 · by Ben Okafor');
    expect(manual).toContain('see <https://ci.example.com/run/42>');
  });

  it('trims long output to its first and last lines, saying how many were left out', () => {
    const step = section(md, '#### 5. ✔ printf');
    expect(step).toContain('Output, 40 lines (first 10 and last 10):');
    expect(step).toContain('line 10\n… 20 lines omitted …\nline 31');
    expect(step).not.toContain('line 11\n');
  });

  it('groups steps under their phases and sections, and shows the SQL that ran', () => {
    const phase = section(md, '## PHASE 1: Pre-Deploy Verification');
    expect(phase).toContain('7 of 7 steps finished, 1 failed.');
    expect(phase).toContain('### 1.1 Environment Verification');
    expect(section(md, '#### 8. ✔ 1.2 Baseline Data Counts')).toContain("```sql\nSELECT 'orders' AS table_name, COUNT(*) AS count FROM orders");
  });

  it('never shows a secret input, and marks it redacted', () => {
    expect(md).not.toContain(SECRET);
    expect(rawJson).not.toContain(SECRET);
    expect(section(md, '## Inputs')).toContain('| `db_password` | \\[REDACTED\\] | Ana Lima |');
    expect(section(md, '## Inputs')).toContain('| `commit_sha` | `abc1234` | Ana Lima |');
    expect(section(md, '#### 6. ✔ echo "connecting with password')).toContain('connecting with password [REDACTED]');
  });

  it('shows the captured tables with each comparison beside them: diff rows and summary', () => {
    const capture = section(md, '### Capture baseline');
    expect(capture).toContain('| table_name | count |\n| --- | --- |\n| orders | 3 |\n| customers | 2 |');
    expect(capture).toMatch(/Taken by step 8 \(1\.2 Baseline Data Counts\)/);
    const comparison = section(capture, '#### Comparison with baseline');
    expect(comparison).toContain('✘ FAILED · made by step 12 (PHASE 2: Deploy) against this capture');
    expect(comparison).toContain('Summary: failed: 2 rows changed: orders (count 3 → 4 (+1)), latest_order_id 3 → 100 (+97); 1 unchanged');
    expect(comparison).toContain('| Key | Column | Before | After | Delta | Status |');
    expect(comparison).toContain('| orders | count | 3 | 4 | +1 | ✘ changed |');
    expect(comparison).toContain('| customers | count | 2 | 2 |  | unchanged |');
    expect(comparison).toContain('| (single row) | latest_order_id | 3 | 100 | +97 | ✘ changed |');
  });

  it("fills the runbook's Baseline Values table from the capture and the comparison", () => {
    const values = section(md, '### Baseline Values (runbook line 46)');
    expect(values).toContain('| Metric | Pre-Deploy | Post-Deploy | Status |');
    expect(values).toContain('| orders count | 3 | 4 | ✘ changed (+1) |');
    expect(values).toContain('| customers count | 2 | 2 | ✔ unchanged |');
    expect(values).toContain('| latest_order_id | 3 | 100 | ✘ changed (+97) |');
  });

  it('shows the decision path taken, why, and the plan it led into', () => {
    const decision = section(md, '### Decision 1');
    expect(decision).toMatch(/Taken .* UTC by Ben Okafor at step 13 \(Is the system functional\?\):/);
    expect(section(md, '### 13. ✔ Is the system functional')).toContain(
      '- Decided: Is the system functional? → NO; leads to plan Rollback Plan A: Remove the new order (see Decisions)',
    );
    expect(decision).toContain('1. Is the system functional? → NO');
    expect(decision).toContain('Leads to plan: Rollback Plan A: Remove the new order.');
    expect(decision).toContain('Why: orders count changed unexpectedly');
    const plan = section(md, '## Plan: Rollback Plan A: Remove the new order');
    expect(plan).toMatch(/- Entered .* UTC by Ben Okafor through decision tree `[^`]+`, answered at step 13 \(Is the system functional\?\): Is the system functional\? → NO\. Why: orders count changed unexpectedly/);
    expect(plan).toMatch(/- Finished .* UTC/);
    expect(plan).toContain('✔ passed · sql');
    expect(plan).toContain('```sql\nDELETE FROM orders WHERE id = 100;\n```');
  });

  it('lists the sign-offs with chain head and key, and flags two roles signed with one key', () => {
    const signoffs = section(md, '## Sign-offs');
    const rows = signoffs.split('\n').filter((l) => l.startsWith('| Deploy Lead') || l.startsWith('| Reviewer'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row).toMatch(/\| `[0-9a-f]{64}` \| key `SHA256:[A-Za-z0-9+/=]+` ✔ valid \|$/);
    expect(signoffs).toMatch(/⚠ One key signed for more than one role \(Deploy Lead, Reviewer\)/);
    expect(signoffs).toContain('- Deploy Lead: Ana Lima signs off as Deploy Lead on the run of "Orders service deploy"');
    expect(signoffs).toContain('- Reviewer: Ben Okafor signs off as Reviewer');
  });

  it('lists scheduled checks with their due time, and the chain verdict', () => {
    expect(section(md, '## Scheduled checks')).toMatch(/\| echo "error rate 0\.1%" \| .* UTC \| not yet due \|/);
    expect(section(md, '## Journal chain')).toMatch(/✔ verifies: \d+ events, head `[0-9a-f]{64}`/);
  });

  it('passes markdownlint', async () => {
    const file = join(dir, 'report.md');
    writeFileSync(file, md);
    const lint = await markdownlint(file);
    expect(lint.output).toContain('Summary: 0 error(s)');
    expect(lint.exitCode).toBe(0);
  });
});

describe('the JSON report of the same run', () => {
  it('carries the same content as data', () => {
    expect(json.format).toBe('runbook-report');
    expect(json.version).toBe(1);
    expect(json.run.state).toBe('monitoring');
    expect(json.runbook.title).toBe('Orders service deploy');
    const steps = [...json.phases, ...json.plans].flatMap((g) => g.steps);
    const byId = new Map(steps.map((s) => [s.id, s]));
    expect(byId.get(run.ids.disk)).toMatchObject({ status: 'failed', exitCode: 3, notes: ['disk | 91% full, `df -h` agrees; cleared /var/tmp and went on'] });
    expect(byId.get(run.ids.inventory)?.output).toMatchObject({ lines: 40, omitted: 20 });
    expect(byId.get(run.ids.cache)).toMatchObject({ status: 'skipped', skipReason: 'cache is cold-started by the deploy itself' });
    expect(byId.get(run.ids.password)?.input).toEqual({ name: 'db_password', value: null, secret: true });
    expect(json.inputs.find((i) => i.name === 'db_password')).toMatchObject({ value: null, secret: true });
    expect(json.captures[0]?.resultSets[0]?.rows).toEqual([['orders', 3], ['customers', 2]]);
    expect(json.comparisons[0]).toMatchObject({ name: 'baseline', passed: false, againstCapture: true });
    expect(json.baselineValues[0]?.rows[0]).toEqual({ metric: 'orders count', pre: '3', post: '4', status: '✘ changed (+1)' });
    expect(json.decisions[0]).toMatchObject({ path: [{ question: 'Is the system functional?', answer: 'NO' }], reason: 'orders count changed unexpectedly' });
    expect(json.signoffs.map((s) => s.sameKeyAs)).toEqual([['Reviewer'], ['Deploy Lead']]);
    expect(json.scheduled).toHaveLength(1);
    expect(json.chain.valid).toBe(true);
  });
});
