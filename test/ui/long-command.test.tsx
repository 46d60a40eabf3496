// A command too long for the step panel at 80×24: what is cut is never what makes it
// destructive, `x` shows every line (scrolled within the panel) and takes it back, and a
// manual check's long text wraps instead of being cut. The real screen over a real run.

import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, fits, unmountAll, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { eventsOf, mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

/** The step panel's rows: the right column of the frame at 80 columns. */
const panel = (frame: string) => frame.split('\n').map((l) => l.split('│ ')[1] ?? '');

const SQL_LINES = [
  '-- Migration 042: indexes, then the version',
  ...Array.from({ length: 28 }, (_, i) => `CREATE INDEX idx_things_${i + 2} ON things (column_${i + 2});`),
  "UPDATE schema_version SET version = '042';",
  ...Array.from({ length: 4 }, (_, i) => `SELECT ${i + 31} AS still_here;`),
  'DELETE FROM sessions',
  "  WHERE expired_at < datetime('now');",
  ...Array.from({ length: 4 }, (_, i) => `SELECT ${i + 37} AS after_the_delete;`),
];

const LONG_SQL = `---
title: Long SQL
targets:
  app: { kind: sqlite, path: ./app.db }
---
# Long SQL

## Phase 1: Migrate

### 1.1 Migration 042

\`\`\`sql
${SQL_LINES.join('\n')}
\`\`\`
`;

const SHELL_LINES = Array.from({ length: 40 }, (_, i) => (i === 32 ? 'rm -rf ./scratch-33' : `echo "cleanup line ${i + 1}"`));

const LONG_SHELL = `# Long shell

## Phase 1: Clean up

### 1.1 Clear the scratch space

\`\`\`bash
${SHELL_LINES.join('\n')}
\`\`\`

### 1.2 Afterwards

\`\`\`bash
echo "the step after"
\`\`\`
`;

describe('a long command on the 80×24 screen', () => {
  it('keeps every destructive statement in view when it cuts the command, numbered, also under the typed confirmation', async () => {
    const run = startRun(LONG_SQL);
    const { screen } = mountDriver(run);
    const before = await waitForFrame(screen.lastFrame, (f) => f.includes('1.1 Migration 042') && f.includes('enter run'));
    const destructive = ["! 30: UPDATE schema_version SET version = '042';", '! 35: DELETE FROM sessions', "! 36:   WHERE expired_at < datetime('now');"];
    for (const line of destructive) expect(panel(before), before).toContain(line);
    // The head is there, the cut is said, and x is offered to read the rest.
    expect(panel(before)).toContain('  -- Migration 042: indexes, then the version');
    expect(before).toMatch(/… \d+ lines hidden · x: whole command/);
    expect(before.split('\n').at(-1)).toContain('x whole step');

    await screen.press(KEYS.enter);
    const asked = await waitForFrame(screen.lastFrame, (f) => f.includes('Type "app" to run it:'));
    for (const line of destructive) expect(panel(asked), asked).toContain(line);
    expect(eventsOf(run, 'step.started')).toEqual([]);
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });

  it('x shows every line of the command, scrolled with j, k and the page keys, and x takes it back', async () => {
    const run = startRun(LONG_SHELL);
    const { screen } = mountDriver(run);
    const cut = await waitForFrame(screen.lastFrame, (f) => f.includes('1.1 Clear the scratch space') && f.includes('x whole step'));
    expect(panel(cut)).toContain('! 33: rm -rf ./scratch-33');
    expect(cut).not.toContain('cleanup line 20"');

    await screen.press('x');
    const seen = new Set<string>();
    let frame = await waitForFrame(screen.lastFrame, (f) => /↕ 1–\d+ of \d+/.test(f) && f.includes('x esc collapse'));
    const collect = (f: string) => {
      for (const row of panel(f)) {
        const line = SHELL_LINES.find((l) => row === `$ ${l}` || row === `  ${l}`);
        if (line) seen.add(line);
      }
    };
    collect(frame);
    // Scrolled one row, then a page at a time to the end.
    await screen.press('j');
    frame = await waitForFrame(screen.lastFrame, (f) => /↕ 2–\d+ of \d+/.test(f));
    collect(frame);
    for (let pages = 0; pages < 10 && !/↕ \d+–(\d+) of \1\b/.test(frame); pages++) {
      const at = /↕ (\d+)–/.exec(frame)?.[1];
      await screen.press(KEYS.pageDown);
      frame = await waitForFrame(screen.lastFrame, (f) => /↕ (\d+)–/.exec(f)?.[1] !== at);
      collect(frame);
    }
    expect(frame).toMatch(/↕ \d+–(\d+) of \1\b/);
    expect([...seen].sort()).toEqual([...SHELL_LINES].sort());
    // Still the same step: expanded, the moving keys scroll instead of moving on.
    expect(frame).toContain('1.1 Clear the scratch space');
    await screen.press(KEYS.pageUp, 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k');
    frame = await waitForFrame(screen.lastFrame, (f) => /↕ 1–\d+ of \d+/.test(f));
    expect(panel(frame)).toContain('$ echo "cleanup line 1"');

    await screen.press('x');
    const back = await waitForFrame(screen.lastFrame, (f) => !f.includes('↕') && f.includes('x whole step'));
    expect(panel(back)).toContain('! 33: rm -rf ./scratch-33');
    expect(back).toMatch(/… \d+ more lines · x: whole command/);
    // Collapsed, j moves to the next step again.
    await screen.press('j');
    await waitForFrame(screen.lastFrame, (f) => f.includes('1.2 Afterwards'));
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });

  it('goes back to the cut view for the typed confirmation, so the destructive line is on screen', async () => {
    const run = startRun(LONG_SHELL);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('x whole step'));
    await screen.press('x');
    await waitForFrame(screen.lastFrame, (f) => f.includes('x esc collapse'));
    await screen.press(KEYS.enter);
    const asked = await waitForFrame(screen.lastFrame, (f) => f.includes('Type "rm" to run it:'));
    expect(panel(asked)).toContain('! 33: rm -rf ./scratch-33');
    expect(asked).not.toContain('↕');
  });

  it('flows a long expectation over a few rows, its verdict still in view when it is cut', async () => {
    const expected = Array.from({ length: 8 }, (_, i) => `replica-${i + 1} streaming, lag 0`).join('\n');
    // A transcript: the command, then the output it should print, is the step and its expectation.
    const run = startRun(`# Replicas\n\n## Phase 1: Look\n\n\`\`\`console\n$ echo "replica-1 lagging"\n${expected}\n\`\`\`\n`);
    expect(run.runbook.steps[0]?.expectation?.text).toBe(expected);
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo "replica-1 lagging"'));
    await screen.press(KEYS.enter);
    const frame = await waitForFrame(screen.lastFrame, (f) => f.includes('not met'));
    const rows = panel(frame);
    const at = rows.findIndex((r) => r.startsWith('Expected: replica-1 streaming, lag 0'));
    // Its first lines, then its verdict: what is cut is never whether it held.
    expect(rows.slice(at, at + 3).map((r) => r.trimEnd())).toEqual(['Expected: replica-1 streaming, lag 0', '  replica-2 streaming, lag 0', '  … ✘ not met']);
    expect(fits(frame, { columns: 80, rows: 24 }).ok).toBe(true);
    expect(frame.split('\n').at(-1)).toContain('x whole step');
  });

  it('shows more of a many-line expectation before the step runs, when the panel has the room', async () => {
    // Before: two of its lines and "…", with a dozen rows empty below.
    const expected = Array.from({ length: 5 }, (_, i) => `replica-${i + 1} streaming, lag 0`).join('\n');
    const run = startRun(`# Replicas\n\n## Phase 1: Look\n\n\`\`\`console\n$ echo ok\n${expected}\n\`\`\`\n`);
    const { screen } = mountDriver(run);
    const frame = await waitForFrame(screen.lastFrame, (f) => f.includes('$ echo ok'));
    const rows = panel(frame).map((r) => r.trimEnd());
    const at = rows.findIndex((r) => r.startsWith('Expected: replica-1 streaming, lag 0'));
    expect(rows.slice(at, at + 5)).toEqual(['Expected: replica-1 streaming, lag 0', ...[2, 3, 4, 5].map((i) => `  replica-${i} streaming, lag 0`)]);
    expect(fits(frame, { columns: 80, rows: 24 }).ok).toBe(true);
  });

  it("wraps a manual check's long text instead of cutting it", async () => {
    const text =
      'The counts look like a live governance database (policies, decisions, evidence packs, audit events, users) and match the numbers written in the change ticket';
    const run = startRun(`# Manual\n\n## Phase 1: Look\n\n- [ ] ${text}\n`);
    const { screen } = mountDriver(run);
    const frame = await waitForFrame(screen.lastFrame, (f) => f.includes('[ ] The counts look like'));
    const rows = panel(frame);
    const at = rows.findIndex((r) => r.startsWith('[ ] The counts'));
    const read = [rows[at] ?? ''];
    for (const row of rows.slice(at + 1)) {
      if (!row.startsWith('    ')) break;
      read.push(row.trim());
    }
    expect(read.join(' ').replace(/^\[ \] /, '').replace(/\s+/g, ' ').trim()).toBe(text);
    expect(frame).not.toContain('…');
  });
});
