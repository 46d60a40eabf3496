// `list --store` at 80 columns once a run completed with failures: the state, the operators
// and the hosts stay readable (bastion-1 and bastion-2 told apart) and the title keeps room.
// Before, the state read `completed_with_…`, the heading `OPERA…`, both hosts `basti…` and
// the titles were cut to 9 characters.

import { describe, expect, it } from 'vitest';
import { listLines, listTable } from '../../source/commands/list-format';
import type { ListedRun } from '../../source/commands/listed-run';

const run = (over: Partial<ListedRun>): ListedRun => ({
  runId: '3f9a2c41d0e2aa',
  journal: 'store:3f9a2c41d0e2aa',
  title: 'Sprint 3 deploy',
  state: 'completed',
  rehearsal: false,
  operator: 'ana',
  host: 'bastion-1',
  startedAt: '2026-12-06T07:12:03.000Z',
  endedAt: '2026-12-06T07:40:00.000Z',
  due: [],
  ...over,
});

const runs = [
  run({ runId: 'aaaa1111bbbb', state: 'completed_with_failures', host: 'bastion-1', operator: 'ana', title: 'Payments migration, quarter four' }),
  run({ runId: 'cccc2222dddd', state: 'in_progress', host: 'bastion-2', operator: 'bob', endedAt: null, title: 'Governance OS release 3.1' }),
  run({ runId: 'eeee3333ffff', state: 'completed', host: 'bastion-2', operator: 'carolina', title: 'Sprint 3 deploy' }),
];

describe('list --store at 80 columns', () => {
  it('keeps the state, the operators, the hosts and a useful part of the title readable once a run completed with failures', () => {
    const lines = listTable(runs, 80);
    expect(lines.filter((l) => [...l].length > 80)).toEqual([]);
    expect(lines[0]).toMatch(/^ID +STATE +STARTED UTC +OPERATOR +HOST +TITLE$/);
    // Cut, if anything, only at the title's end.
    expect(lines.filter((l) => l.includes('…')).every((l) => l.endsWith('…'))).toBe(true);
    const row = (id: string) => lines.find((l) => l.startsWith(id.slice(0, 8))) ?? '';
    expect(row('aaaa1111')).toMatch(/^aaaa1111 {2}completed\* +12-06 07:12 {2}ana +bastion-1 {2}Payments migration, q/);
    expect(row('cccc2222')).toMatch(/ in_progress +12-06 07:12 {2}bob +bastion-2 {2}Governance OS release …$/);
    expect(row('eeee3333')).toMatch(/ completed +12-06 07:12 {2}carolina +bastion-2 {2}Sprint 3 deploy$/);
    expect(lines.at(-1)).toBe('* completed_with_failures (runbook show RUN --store says what failed)');
  });

  it('shows every column, the state whole, where the terminal is wide enough', () => {
    const lines = listTable(runs, 120);
    expect(lines[0]).toMatch(/^ID +STATE +STARTED +ENDED \(UTC\) +OPERATOR +HOST +TITLE$/);
    expect(lines.find((l) => l.startsWith('aaaa1111'))).toMatch(/ completed_with_failures {2}12-06 07:12 {2}12-06 07:40 {2}ana +bastion-1 {2}Payments migration, quarter four$/);
    expect(lines.join('\n')).not.toContain('completed*');
  });
});

describe('a name or title holding a line end', () => {
  // An operator name is whatever was given (`--operator "$(…)"`), and a journal holds what
  // was written into it. Before, a line end in one broke the row in two, and the second
  // half read as a run of its own to whoever (or whatever: a cron job, a tmux status line)
  // reads the list a line at a time.
  const forged = run({ runId: 'aaaa1111bbbb', operator: 'ana\neve', host: 'b1\r\nx', journal: '/j/a.sqlite', due: [{ step: 's', title: 'check\nDUE now', dueAt: '2026-12-06T08:00:00.000Z', isDue: true }] });

  it('keeps each run on its own lines in list and list --store, the line end spelled out', () => {
    const table = listTable([forged], 80);
    expect(table).toHaveLength(3); // heading, the run, its due check
    expect(table.filter((l) => /[\r\n]/.test(l))).toEqual([]);
    expect(table[1]).toMatch(/^aaaa1111 /);
    expect(table[1]).toContain('ana\\n');
    const lines = listLines([forged], 80);
    expect(lines).toHaveLength(3); // the run, its journal, its due check
    expect(lines.filter((l) => /[\r\n]/.test(l))).toEqual([]);
    expect(lines[0]).toContain('ana\\neve');
    expect(lines[2]).toContain('check\\nDUE now');
  });
});
