// The author's text on the run screen, and the step's whole text before it runs, in a real
// 80×24 tmux pane with the real CLI (issue 18, defects 4 and 1):
// - the demo's decision hint ("Answer NO, then …") stands above the decision it is about;
// - Sprint 3's information pages ("Summary of Changes", the appendices) are in the sidebar
//   and reached by moving; Phase 2's expected migrations and risk tables are pages of the
//   phase, read-only, their tables within 80 columns;
// - `o` on a step that has not run opens its whole text in the pager (a tmux split);
// - `e` on a multi-line SQL step opens the operator's editor (a real vi) with every line;
//   what was saved is what the panel shows, what runs, and what the journal keeps.

import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir, waitFor } from '../helpers/cli';
import { Tmux, type PaneSize } from './tmux-pane';
import { lastLine, notWhole } from './tui-screen';
import { panelRows } from './step-panel';
import { createSprint3Env, type Sprint3Env } from './sprint-3-env';

const SIZE: PaneSize = { columns: 80, rows: 24 };
const DEMO_TITLE = 'Demo – Governance OS release 3.1';
const DEMO = fileURLToPath(new URL('../../runbooks/demo.md', import.meta.url));

let tmux: Tmux | null = null;
let sprint: Sprint3Env | null = null;
afterEach(async () => {
  tmux?.close();
  tmux = null;
  if (sprint) {
    await sprint.drop();
    rmSync(sprint.dir, { recursive: true, force: true });
    sprint = null;
  }
});

/** A whole 80×24 frame of the run screen that passes `test`. */
async function frame(t: Tmux, pane: string, title: string, test: (text: string, lines: string[]) => boolean, what: string, timeoutMs = 20_000): Promise<string[]> {
  return t.waitFor(pane, (l) => notWhole(l, SIZE, title) === null && test(l.join('\n'), l), what, timeoutMs);
}

/** The frame without its clock: what a key changes. */
const signature = (lines: string[]) => lines.slice(1).join('\n');

/** Presses `key` until the screen passes `test` (at most `n` times), each press once the screen moved. */
async function pressUntil(t: Tmux, pane: string, title: string, key: string, test: (text: string) => boolean, what: string, n = 40): Promise<string[]> {
  for (let i = 0; i < n; i++) {
    const now = t.capture(pane).join('\n');
    if (test(now) && notWhole(t.capture(pane), SIZE, title) === null) return t.capture(pane);
    t.key(pane, key);
    // One key at a time: the next only once this one moved the screen (a slow frame under load must not queue two).
    await t.waitFor(pane, (l) => signature(l) !== signature(now.split('\n')) && notWhole(l, SIZE, title) === null, `${what}: the screen after ${key}`, 30_000);
  }
  return frame(t, pane, title, test, what);
}

function demoPane(extra: Record<string, string> = {}): { t: Tmux; pane: string; home: string; env: Record<string, string> } {
  const home = tempDir('runbook-author-');
  const env = cliEnv(home);
  const t = new Tmux(home, { ...env, USER: 'dee', LANG: 'C.UTF-8', TERM: 'xterm-256color', ...extra }, SIZE);
  tmux = t;
  const pane = t.paneId('main:0');
  t.command(pane, 'runbook demo --operator "Dee Mo"');
  return { t, pane, home, env };
}

describe("the author's text on the run screen at 80×24", () => {
  it("shows the demo's decision hint above the decision", async () => {
    const { t, pane } = demoPane();
    await frame(t, pane, DEMO_TITLE, (x) => x.includes('step 1/13'), 'the first step');
    const lines = await pressUntil(t, pane, DEMO_TITLE, ']', (x) => x.includes('4.1 Rollback Decision Tree'), 'the decision of Phase 4');
    const rows = panelRows(lines).map((r) => r.trim());
    // The author's hint, then the question it is about, in file order.
    const hint = rows.findIndex((r) => r.startsWith('Answer NO, then "Health check or API", to enter Rollback'));
    expect(hint, lines.join('\n')).toBeGreaterThan(0);
    expect(rows.findIndex((r) => r.startsWith('Is the release healthy?'))).toBeGreaterThan(hint);
  }, 120_000);

  it('lists the information pages in the sidebar and shows them, their tables and expected migrations read-only', async () => {
    const s = await createSprint3Env();
    sprint = s;
    const t = new Tmux(s.dir, { ...s.env, USER: 'ana', LANG: 'C.UTF-8', TERM: 'xterm-256color' }, SIZE);
    tmux = t;
    const pane = t.paneId('main:0');
    t.command(pane, `cd ${s.work} && runbook run ../${basename(s.file)} --journal ../${basename(s.journal)} --operator ana`);
    const title = 'Sprint 3';
    const first = await frame(t, pane, title, (x) => x.includes('step 1/'), 'the first step', 30_000);
    // The pages stand in the sidebar between the phases, as in the file.
    const sidebar = first.map((l) => l.split('│')[0] ?? '');
    const at = (name: string) => sidebar.findIndex((l) => l.includes(name));
    expect(at('¶ Summary of Chan'), first.join('\n')).toBeGreaterThan(at('Preamble'));
    expect(at('¶ Key Risks')).toBeGreaterThan(at('¶ Summary of Chan'));
    expect(at('Data Invarian')).toBeGreaterThan(at('¶ Key Risks'));

    // ↓ moves onto the page: its table within 80 columns, cells wrapped, nothing runs.
    const page = await pressUntil(t, pane, title, 'j', (x) => x.includes('Summary of Changes') && x.includes('information'), 'the Summary of Changes page');
    const rows = panelRows(page);
    expect(rows.some((r) => /^Component\s+│ Change Type\s+│ Risk Level/.test(r)), page.join('\n')).toBe(true);
    expect(rows.some((r) => r.includes('PendingProposal'))).toBe(true);
    expect(rows.some((r) => r.includes('HIGH - PII'))).toBe(true);
    expect(lastLine(page)).toMatch(/^enter back to the run/);

    // → through the phases reaches Phase 2; ↓ its pages: the expected migration and its risk table.
    await pressUntil(t, pane, title, ']', (x) => /▸ 2 Migration/.test(x), 'Phase 2');
    const migration = await pressUntil(t, pane, title, 'k', (x) => x.includes('2.1 Migration 006: Add PendingProposal'), 'the page 2.1 Migration 006');
    expect(migration.join('\n')).toContain('Expected Migration:');
    expect(migration.join('\n')).toContain('▤ sql · shown, never run');
    expect(migration.join('\n')).toContain('CREATE TYPE proposal_status AS ENUM');
    // Longer than the panel: x shows it all, scrolled, down to its risk table.
    expect(lastLine(migration)).toContain('x whole page');
    t.key(pane, 'x');
    const risk = await pressUntil(t, pane, title, 'PageDown', (x) => x.includes('Table creation locks'), 'the Risk Assessment table');
    expect(risk.join('\n')).toContain('Risk Assessment:');
    expect(panelRows(risk).some((r) => /^Risk\s+│ Mitigation/.test(r))).toBe(true);
    // Cells too wide for their column wrap within it: every word is on screen.
    expect(panelRows(risk).some((r) => /^pg_class\s+│ DDL/.test(r)), risk.join('\n')).toBe(true);

    // The appendix, at the end: reference, shown and never run. x closes the whole text first
    // (a ] pressed before that frame went to the closing view, under load).
    await pressUntil(t, pane, title, 'x', (x) => lastLine(x.split('\n')).includes('x whole page'), 'the page, its whole text closed');
    const appendix = await pressUntil(t, pane, title, ']', (x) => x.includes('Appendix B: Emergency Contacts') && x.includes('reference'), 'Appendix B');
    expect(panelRows(appendix).some((r) => /^Role\s+│ Name\s+│ Contact/.test(r)), appendix.join('\n')).toBe(true);
    t.key(pane, 'q');
    await waitFor(() => t.commandPid(pane) === null, 'runbook to exit', 15_000);
    const shown = JSON.parse((await runCli(['show', s.journal, '--json'], { env: s.env })).stdout) as { steps: { status: string }[] };
    // Reading ran nothing.
    expect(shown.steps.filter((x) => x.status !== 'pending')).toEqual([]);
  }, 180_000);
});

describe('a step before it runs at 80×24 (runbook demo, Migration 006)', () => {
  it('o opens the whole migration in the pager, every line of it', async () => {
    const { t, pane } = demoPane();
    await frame(t, pane, DEMO_TITLE, (x) => x.includes('step 1/13'), 'the first step');
    await pressUntil(t, pane, DEMO_TITLE, 'j', (x) => x.includes('2.2 Migration 006') && lastLine(x.split('\n')).startsWith('enter run'), 'Migration 006');
    const before = t.panes();
    t.key(pane, 'o');
    const pager = await waitFor(() => t.panes().find((p) => !before.includes(p)), 'o opens a pane', 20_000);
    // less opens at the end (+G): the migration's last lines, the UPDATE among them.
    const end = (await t.waitFor(pager, (l) => l.some((x) => x.startsWith('Expected: 006_add_pending_proposals')), 'the end of the step in the pager', 20_000)).join('\n');
    expect(end).toContain("UPDATE alembic_version SET version_num = '006_add_pending_proposals';");
    expect(end).toContain('CREATE INDEX idx_pending_proposals_status ON pending_proposals(status);');
    // g: its top, where it stands and what the author says of it.
    t.key(pager, 'g');
    const top = (await t.waitFor(pager, (l) => l.some((x) => x.includes('2.2 Migration 006')), 'the top of the pager', 20_000)).join('\n');
    expect(top).toContain('sql · DESTRUCTIVE');
    expect(top).toContain('The UPDATE in this migration changes data');
    expect(top).toContain('CREATE TABLE pending_proposals (');
    t.key(pager, 'q');
    await waitFor(() => t.panes().length === before.length, 'the pager closes with q');
  }, 120_000);

  it('e edits the multi-line SQL in vi with its lines kept; the edit shown is the one run and journaled', async () => {
    const { t, pane, env } = demoPane({ EDITOR: 'vi' });
    await frame(t, pane, DEMO_TITLE, (x) => x.includes('step 1/13'), 'the first step');
    await pressUntil(t, pane, DEMO_TITLE, 'j', (x) => x.includes('2.2 Migration 006') && lastLine(x.split('\n')).startsWith('enter run'), 'Migration 006');
    const original = (await runCli(['check', DEMO, '--json'], { env }).then((r) => JSON.parse(r.stdout) as { steps: { id: string; sql?: string }[] })).steps.find((x) => x.id === 'migration-006')?.sql ?? '';
    expect(original.split('\n').length).toBeGreaterThan(10);
    t.key(pane, 'e');
    // vi has the terminal, every line of the migration as its own line.
    // vi has read it once its line says so ("….sql" 15L, 695B): keys typed before may be lost.
    await t.waitFor(pane, (l) => l.some((x) => x.startsWith('CREATE INDEX idx_pending_proposals_status')) && l.some((x) => x.startsWith('-- Migration 006')) && l.some((x) => /\.sql" .*\d+L, \d+B/.test(x)), 'the migration in vi', 20_000);
    // After the first line, a comment of the operator's own. vi can still drop keys while it
    // sets the terminal up (seen under load in CI): `o` again until it says it is inserting,
    // and the comment is on its screen before it is left.
    for (let tries = 1; ; tries++) {
      t.type(pane, 'o');
      const inserting = await t.waitFor(pane, (l) => l.some((x) => x.includes('-- INSERT --')), 'vi inserting', 3_000).catch(() => null);
      if (inserting) break;
      if (tries === 3) throw new Error(`vi took no o in three tries:\n${t.capture(pane).join('\n')}`);
    }
    t.type(pane, '/* reviewed by dee before the change */');
    await t.waitFor(pane, (l) => l.some((x) => x.startsWith('/* reviewed by dee before the change */')), 'the comment in vi', 10_000);
    t.key(pane, 'Escape');
    t.type(pane, ':wq');
    t.key(pane, 'Enter');
    const edited = await frame(t, pane, DEMO_TITLE, (x) => x.includes('edited (the journal keeps the original too)'), 'the edited migration on screen');
    const rows = panelRows(edited).map((r) => r.trim());
    // The lines are kept: the new comment between the first and the second, as typed.
    const added = rows.indexOf('/* reviewed by dee before the change */');
    expect(added, edited.join('\n')).toBeGreaterThan(0);
    expect(rows[added - 1]).toBe('-- Migration 006: add the pending_proposals table');
    expect(rows[added + 1]).toBe('CREATE TABLE pending_proposals (');
    // Enter: the typed confirmation, then it runs as edited.
    t.key(pane, 'Enter');
    await frame(t, pane, DEMO_TITLE, (x) => x.includes('Type "demo" to run it'), 'the typed confirmation');
    t.type(pane, 'demo');
    t.key(pane, 'Enter');
    await frame(t, pane, DEMO_TITLE, (x) => /✔ (passed|done)/.test(x), 'the migration ran', 30_000);
    t.key(pane, 'q');
    await waitFor(() => t.commandPid(pane) === null, 'runbook to exit', 15_000);
    const journals = await runCli(['list', '--json'], { env });
    const journal = (JSON.parse(journals.stdout) as { journal: string; title: string }[]).find((j) => j.title.startsWith('Demo'))?.journal ?? '';
    const shown = JSON.parse((await runCli(['show', journal, '--json'], { env })).stdout) as { steps: { id: string; command?: string | null; original?: string | null }[] };
    const step = shown.steps.find((x) => x.id === 'migration-006');
    const lines = original.split('\n');
    expect(step?.command).toBe([lines[0], '/* reviewed by dee before the change */', ...lines.slice(1)].join('\n'));
  }, 120_000);
});
