// "Nothing runs unseen" at 80×24: `runbook demo` in a real tmux pane, walked to its
// Migration 006 — a SQL step too long for the panel, whose UPDATE used to be the hidden
// part. Before the typed confirmation the UPDATE is on screen; x shows every line of the
// migration, scrolled within the panel; x again gives the cut view back.

import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, tempDir } from '../helpers/cli';
import { Tmux, type PaneSize } from './tmux-pane';
import { lastLine, notWhole } from './tui-screen';
import { Operator } from './screen-operator';
import { destructiveLinesMissing, panelRows, shownLines, squeeze, stepsOf } from './step-panel';

const SIZE: PaneSize = { columns: 80, rows: 24 };
const TITLE = 'Demo – Governance OS release 3.1';
const DEMO = fileURLToPath(new URL('../../runbooks/demo.md', import.meta.url));
const UPDATE = "UPDATE alembic_version SET version_num = '006_add_pending_proposals';";

let tmux: Tmux | null = null;
afterEach(() => {
  tmux?.close();
  tmux = null;
});

/** Answers the demo's steps (enter, its inputs, p for a check) until Migration 006 waits to run. */
async function toMigration(op: Operator): Promise<string[]> {
  for (let n = 0; n < 40; n++) {
    const lines = await op.settled(`the screen after ${op.keys.at(-1) ?? 'the start'}`);
    const text = lines.join('\n');
    const footer = lastLine(lines);
    if (text.includes('2.2 Migration 006') && footer.startsWith('enter run')) return lines;
    if (footer.startsWith('enter ok · esc cancel')) {
      if (text.includes('Change ticket:')) await op.type('CHG-1042', 'CHG-1042');
      op.key('Enter');
    } else if (text.includes('Does the output meet it? p: pass')) op.key('p');
    else if (footer.startsWith('enter ')) op.key('Enter');
    else throw new Error(`a screen on the way to Migration 006 with no enter to press:\n${text}`);
  }
  throw new Error(`Migration 006 not reached; keys: ${op.keys.join(' ')}`);
}

describe('a long command in an 80×24 tmux pane (runbook demo, Migration 006)', () => {
  it('shows the UPDATE before the typed confirmation, and every line of the command with x', async () => {
    const home = tempDir('runbook-long-command-');
    const env = cliEnv(home);
    const step = (await stepsOf(DEMO, env)).find((s) => s.id === 'migration-006');
    const sql = step?.sql ?? '';
    expect(sql).toContain(UPDATE);
    tmux = new Tmux(home, { ...env, USER: 'dee', LANG: 'C.UTF-8', TERM: 'xterm-256color' }, SIZE);
    const pane = tmux.paneId('main:0');
    tmux.command(pane, 'runbook demo --operator "Dee Mo"');
    const op = new Operator(tmux, pane, TITLE, SIZE);

    // Cut to fit, with the UPDATE (and its line number) among what is shown.
    const cut = await toMigration(op);
    expect(destructiveLinesMissing(cut, step ?? { id: '', kind: 'sql', section: '', destructive: true }), cut.join('\n')).toEqual([]);
    expect(panelRows(cut).some((r) => r.startsWith('! 12: UPDATE alembic_version'))).toBe(true);
    expect(cut.join('\n')).toMatch(/… \d+ lines hidden · x: whole command/);
    expect(lastLine(cut)).toContain('x whole step');

    // x: the whole command, a page of the panel at a time.
    op.key('x');
    const content: string[] = [];
    let frame = await op.settled('the step expanded');
    for (let n = 0; n < 20; n++) {
      const rows = panelRows(frame);
      const at = rows.findIndex((r) => /^↕ \d+–\d+ of \d+/.test(r));
      const [, first, last, total] = /^↕ (\d+)–(\d+) of (\d+)/.exec(rows[at] ?? '') ?? [];
      expect(at, frame.join('\n')).toBeGreaterThan(2);
      // Two rows of title and status stay at the top; the rows under them scroll.
      rows.slice(2, at).forEach((row, i) => (content[Number(first) - 1 + i] = row));
      if (last === total) break;
      op.key(n % 2 === 0 ? 'PageDown' : 'j');
      frame = await op.settled('the step scrolled');
    }
    expect(content.includes(undefined as unknown as string), 'a row never shown').toBe(false);
    const shown = shownLines(content).map(squeeze);
    const lines = sql.split('\n').filter((l) => l.trim() !== '');
    // Every line, in order.
    let from = 0;
    for (const line of lines) {
      const found = shown.indexOf(squeeze(line), from);
      expect(found, `${line}\nin\n${content.join('\n')}`).toBeGreaterThanOrEqual(from);
      from = found + 1;
    }

    // x again: the cut view; enter asks the typed confirmation with the UPDATE in view.
    op.key('x');
    const back = await op.settled('the step collapsed');
    expect(back.join('\n')).not.toContain('↕');
    op.key('Enter');
    const asked = await op.settled('the typed confirmation');
    expect(asked.join('\n')).toContain('Type "demo" to run it:');
    expect(destructiveLinesMissing(asked, step ?? { id: '', kind: 'sql', section: '', destructive: true }), asked.join('\n')).toEqual([]);
    expect(shownLines(panelRows(asked)).map(squeeze)).toContain(squeeze(UPDATE));

    expect(op.frames.map((f) => notWhole(f, SIZE, TITLE)).filter((p) => p !== null)).toEqual([]);
    expect(op.tooBig).toEqual([]);
  }, 120_000);
});
