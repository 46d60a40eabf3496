import { describe, it, expect } from 'vitest';
import type { Cell, ResultSet } from '../../source/run/results';
import {
  baselineTableRows,
  canonicalResultSets,
  compareResultSets,
  formatComparison,
  parseColumnRules,
} from '../../source/run/compare';

function rs(statement: number, columns: string[], rows: Cell[][], types?: string[]): ResultSet {
  return {
    statement,
    command: 'SELECT',
    columns: columns.map((name, i) => ({ name, type: types?.[i] ?? (name === 'count' ? 'int8' : 'text') })),
    rows,
    rowCount: rows.length,
  };
}

const TABLES = ['policies', 'policy_versions', 'signals', 'evaluations', 'exceptions', 'decisions', 'evidence_packs', 'audit_events', 'users'];
const COUNTS: Record<string, string> = {
  policies: '12', policy_versions: '31', signals: '840', evaluations: '2210', exceptions: '17',
  decisions: '42', evidence_packs: '40', audit_events: '1042', users: '9',
};

// The sprint-3 seed's §1.2 capture: five statements.
function sprintCapture(): ResultSet[] {
  return [
    rs(0, ['table_name', 'count'], TABLES.map((t) => [t, COUNTS[t]!])),
    rs(1, ['decision_type', 'is_hard_override', 'count'], [['approve', false, '30'], ['approve', true, '2'], ['deny', false, '10']]),
    rs(2, ['status', 'count'], [['active', '12'], ['expired', '5']]),
    rs(3, ['role', 'is_active', 'count'], [['admin', true, '2'], ['operator', true, '7']]),
    rs(4, ['latest_audit_event_id', 'latest_audit_time'], [['1042', '2024-05-01 10:00:00+00']]),
  ];
}

// §4.1: re-counts 3 of the 9 tables, then orphan checks of its own.
function sprintCompare(counts: Record<string, string> = COUNTS): ResultSet[] {
  return [
    rs(0, ['table_name', 'count'], ['decisions', 'evidence_packs', 'audit_events'].map((t) => [t, counts[t]!])),
    rs(1, ['orphaned_decisions'], [['0']]),
    rs(2, ['orphaned_evidence_packs'], [['0']]),
    rs(3, ['invalid_hard_overrides'], [['0']]),
  ];
}

describe('compareResultSets: a compare that measures a subset', () => {
  it('compares the 3 re-counted tables and marks the other 6 not re-measured, passing', () => {
    const c = compareResultSets(sprintCapture(), sprintCompare(), { subset: true });
    expect(c.passed).toBe(true);
    const counts = c.resultSets[0]!;
    expect(counts.keyColumn).toBe('table_name');
    const status = Object.fromEntries(counts.rows.map((r) => [r.key, r.status]));
    expect(status).toEqual({
      policies: 'not-remeasured', policy_versions: 'not-remeasured', signals: 'not-remeasured',
      evaluations: 'not-remeasured', exceptions: 'not-remeasured', decisions: 'unchanged',
      evidence_packs: 'unchanged', audit_events: 'unchanged', users: 'not-remeasured',
    });
    expect(c.summary).toMatch(/^passed: 3 unchanged; \d+ not re-measured$/);
    // the capture's distributions were not re-run: not re-measured, not failures
    expect(c.resultSets.slice(1, 5).every((s) => s.rows.every((r) => r.status === 'not-remeasured'))).toBe(true);
    // the orphan checks have no captured counterpart: not compared
    expect(c.resultSets.slice(5).map((s) => s.notes[0])).toEqual(Array(3).fill('no captured result set with these columns: not compared'));
  });

  it('fails when one of the re-counted tables changed, naming it with the delta', () => {
    const c = compareResultSets(sprintCapture(), sprintCompare({ ...COUNTS, decisions: '41' }), { subset: true });
    expect(c.passed).toBe(false);
    const row = c.resultSets[0]!.rows.find((r) => r.key === 'decisions')!;
    expect(row.status).toBe('changed');
    expect(row.cells[0]).toMatchObject({ column: 'count', before: '42', after: '41', delta: -1, passed: false });
    expect(c.summary).toContain('1 row changed: decisions (count 42 → 41 (-1))');
  });
});

describe('compareResultSets: the same query re-run', () => {
  const triggers = (names: string[]) =>
    rs(0, ['tgname', 'table_name', 'tgenabled'], names.map((n) => [`${n}_immutable`, n, 'O']));

  it('reports a row that disappeared as missing, by name', () => {
    const c = compareResultSets([triggers(['decisions', 'evidence_packs', 'audit_events'])], [triggers(['decisions', 'evidence_packs'])]);
    expect(c.passed).toBe(false);
    expect(c.resultSets[0]!.rows.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'missing']);
    expect(c.summary).toBe('failed: 1 row missing: audit_events_immutable; 2 unchanged');
  });

  it('reports a row that appeared as added, a failure', () => {
    const c = compareResultSets([triggers(['decisions'])], [triggers(['decisions', 'agent_traces'])]);
    expect(c.passed).toBe(false);
    expect(c.resultSets[0]!.rows[1]).toMatchObject({ key: 'agent_traces_immutable', status: 'added', passed: false });
    expect(c.summary).toContain('1 row added: agent_traces_immutable');
  });

  it('matches rows by key whatever their order', () => {
    const before = rs(0, ['table_name', 'count'], [['a', 1], ['b', 2]]);
    const after = rs(0, ['table_name', 'count'], [['b', 2], ['a', 1]]);
    expect(compareResultSets([before], [after]).passed).toBe(true);
  });

  it('treats captured statements the compare did not return as not re-measured', () => {
    const c = compareResultSets(sprintCapture(), [sprintCapture()[0]!]);
    expect(c.passed).toBe(true);
    expect(c.resultSets[4]!.notes).toContain('not re-measured by this step');
  });

  it('fails when a column appeared in the same query (SELECT *), and only notes it for a narrower one', () => {
    const before = rs(0, ['id', 'name'], [['1', 'x']]);
    const after = rs(0, ['id', 'name', 'agent_id'], [['1', 'x', null]]);
    const same = compareResultSets([before], [after]);
    expect(same.passed).toBe(false);
    expect(same.resultSets[0]!.notes).toContain('column added: agent_id');
    expect(same.summary).toContain('statement 1: column added: agent_id');
    expect(compareResultSets([before], [after], { subset: true }).passed).toBe(true);
  });

  it('keys a GROUP BY result on its groups, not on a repeating first column', () => {
    const before = rs(0, ['decision_type', 'is_hard_override', 'count'], [['approve', false, '30'], ['approve', true, '2']]);
    const after = rs(0, ['decision_type', 'is_hard_override', 'count'], [['approve', true, '3'], ['approve', false, '30']]);
    const c = compareResultSets([before], [after]);
    expect(c.resultSets[0]!.keyColumn).toBe('decision_type, is_hard_override');
    expect(c.resultSets[0]!.rows.map((r) => [r.key, r.status])).toEqual([
      ['approve / false', 'unchanged'],
      ['approve / true', 'changed'],
    ]);
  });

  it('compares a single-row result (MAX(id)) as one row, so a new id is a change, not missing + added', () => {
    const before = rs(0, ['latest_audit_event_id', 'latest_audit_time'], [['1042', 't1']]);
    const after = rs(0, ['latest_audit_event_id', 'latest_audit_time'], [['1050', 't2']]);
    const strict = compareResultSets([before], [after]);
    expect(strict.resultSets[0]!.rows).toHaveLength(1);
    expect(strict.resultSets[0]!.rows[0]!.status).toBe('changed');
    expect(strict.summary).toContain('latest_audit_event_id 1042 → 1050 (+8)');
    const rules = parseColumnRules('latest_audit_event_id:>=, latest_audit_time:ignore');
    expect(compareResultSets([before], [after], { rules }).passed).toBe(true);
  });

  it('honours key= over the first column', () => {
    const before = rs(0, ['count', 'table_name'], [['5', 'a'], ['7', 'b']]);
    const after = rs(0, ['count', 'table_name'], [['6', 'a'], ['7', 'b']]);
    const c = compareResultSets([before], [after], { key: 'table_name', rules: { count: 'delta' } });
    expect(c.passed).toBe(true);
    expect(c.resultSets[0]!.rows[0]).toMatchObject({ key: 'a', status: 'changed', passed: true });
    expect(c.resultSets[0]!.rows[0]!.cells[0]!.delta).toBe(1);
  });
});

describe('compareResultSets: repeated keys', () => {
  it('matches rows that share a key= value in order, and says so', () => {
    const before = rs(0, ['status', 'id'], [['active', '1'], ['active', '2']]);
    const after = rs(0, ['status', 'id'], [['active', '1'], ['active', '3']]);
    const c = compareResultSets([before], [after], { key: 'status' });
    expect(c.resultSets[0]!.rows.map((r) => [r.key, r.status])).toEqual([['active', 'unchanged'], ['active #2', 'changed']]);
    expect(c.resultSets[0]!.notes).toContain('key column status repeats; rows with the same key are matched in order');
  });

  it('shows a captured statement that returned no rows and was not re-run as not re-measured', () => {
    const c = compareResultSets([rs(0, ['a', 'count'], [['x', 1]]), rs(1, ['orphans'], [])], [rs(0, ['a', 'count'], [['x', 1]])]);
    expect(formatComparison(c, 80)).toContain('statement 2 · not re-measured (0 rows)');
  });
});

describe('column rules', () => {
  const one = (count: Cell, at: Cell = 't') => [rs(0, ['table_name', 'count', 'checked_at'], [['audit_events', count, at]])];

  it('equal (default) treats 12 and "12" alike, and 12.50 like 12.5', () => {
    expect(compareResultSets(one(12), one('12')).passed).toBe(true);
    expect(compareResultSets(one('12.50'), one(12.5)).passed).toBe(true);
    expect(compareResultSets(one(null), one(null)).passed).toBe(true);
    expect(compareResultSets(one(null), one('0')).passed).toBe(false);
  });

  it('equal compares bigint counts exactly', () => {
    expect(compareResultSets(one('9007199254740993'), one('9007199254740992')).passed).toBe(false);
  });

  it('delta always passes and records after - before', () => {
    const c = compareResultSets(one('1042'), one('1050'), { rules: { count: 'delta', checked_at: 'ignore' } });
    expect(c.passed).toBe(true);
    expect(c.resultSets[0]!.rows[0]!.cells[0]).toMatchObject({ status: 'changed', delta: 8, passed: true });
    expect(compareResultSets(one('0.3'), one('0.1'), { rules: { count: 'delta' } }).resultSets[0]!.rows[0]!.cells[0]!.delta).toBe(-0.2);
  });

  it('ignore leaves the column out of the verdict', () => {
    const c = compareResultSets(one('5', 'monday'), one('5', 'tuesday'), { rules: { checked_at: 'ignore' } });
    expect(c.passed).toBe(true);
    expect(c.resultSets[0]!.rows[0]!.cells[1]!.status).toBe('ignored');
  });

  it('>= passes when the number grew or held, fails when it shrank or is not a number', () => {
    const rules = { count: '>=' as const };
    expect(compareResultSets(one('10'), one('11'), { rules }).passed).toBe(true);
    expect(compareResultSets(one('10'), one('10'), { rules }).passed).toBe(true);
    expect(compareResultSets(one('10'), one('9'), { rules }).passed).toBe(false);
    expect(compareResultSets(one('10'), one('n/a'), { rules }).passed).toBe(false);
  });

  it('parses the rules annotation and rejects an unknown rule in one line', () => {
    expect(parseColumnRules('count:delta,occurred_at:ignore, id:>=')).toEqual({ count: 'delta', occurred_at: 'ignore', id: '>=' });
    expect(() => parseColumnRules('count:bigger')).toThrow('unknown compare rule "bigger" for column count (use equal, delta, ignore, >=)');
    expect(() => parseColumnRules('count')).toThrow('compare rule "count" should read column:rule');
  });
});

describe('canonicalResultSets (the digest input)', () => {
  it('is the same text for the same data', () => {
    expect(canonicalResultSets(sprintCapture())).toBe(canonicalResultSets(sprintCapture()));
  });

  it('changes when the columns are reordered, a type changes, a row moves or a value changes', () => {
    const base = canonicalResultSets([rs(0, ['a', 'b'], [['1', '2'], ['3', '4']])]);
    expect(canonicalResultSets([rs(0, ['b', 'a'], [['2', '1'], ['4', '3']])])).not.toBe(base);
    expect(canonicalResultSets([rs(0, ['a', 'b'], [['1', '2'], ['3', '4']], ['int4', 'text'])])).not.toBe(base);
    expect(canonicalResultSets([rs(0, ['a', 'b'], [['3', '4'], ['1', '2']])])).not.toBe(base);
    expect(canonicalResultSets([rs(0, ['a', 'b'], [['1', '2'], ['3', '5']])])).not.toBe(base);
  });
});

describe('formatComparison', () => {
  const failing = () => compareResultSets(sprintCapture(), sprintCompare({ ...COUNTS, audit_events: '1050' }), { subset: true });

  it('shows key | column: before → after (+delta) | status, then the summary', () => {
    const lines = formatComparison(failing(), 100);
    expect(lines[0]).toBe('statement 1 · key table_name · failed');
    const audit = lines.find((l) => l.includes('audit_events'))!;
    expect(audit).toMatch(/^ {2}audit_events +\| count: 1042 → 1050 \(\+8\) +\| changed ✘$/);
    expect(lines.find((l) => l.includes('policies '))).toMatch(/count: 12 +\| not re-measured$/);
    expect(lines).toContain('statement 2 · not re-measured (3 rows)');
    expect(lines.at(-1)).toContain('1 row changed: audit_events (count 1042 → 1050 (+8))');
  });

  it('fits every line in a narrow pane, truncating with …', () => {
    for (const width of [80, 40, 24]) {
      const lines = formatComparison(failing(), width);
      expect(lines.every((l) => [...l].length <= width)).toBe(true);
    }
    expect(formatComparison(failing(), 40).some((l) => l.endsWith('…'))).toBe(true);
  });
});

describe('baselineTableRows (the seed\'s Baseline Values table)', () => {
  const metrics = [...TABLES.map((t) => `${t} count`), 'latest_audit_event_id'];

  it('fills pre-deploy values from the capture alone', () => {
    const rows = baselineTableRows(metrics, sprintCapture(), null, null);
    expect(rows[0]).toEqual({ metric: 'policies count', pre: '12', post: '', status: '' });
    expect(rows.at(-1)).toEqual({ metric: 'latest_audit_event_id', pre: '1042', post: '', status: '' });
  });

  it('fills post-deploy values and statuses from the compare', () => {
    const after = sprintCompare({ ...COUNTS, decisions: '41' });
    const c = compareResultSets(sprintCapture(), after, { subset: true });
    const rows = Object.fromEntries(baselineTableRows(metrics, sprintCapture(), c, after).map((r) => [r.metric, r]));
    expect(rows['decisions count']).toEqual({ metric: 'decisions count', pre: '42', post: '41', status: '✘ changed (-1)' });
    expect(rows['audit_events count']).toEqual({ metric: 'audit_events count', pre: '1042', post: '1042', status: '✔ unchanged' });
    expect(rows['policies count']).toEqual({ metric: 'policies count', pre: '12', post: '', status: 'not re-measured' });
    expect(rows['latest_audit_event_id']).toEqual({ metric: 'latest_audit_event_id', pre: '1042', post: '', status: 'not re-measured' });
  });

  it('reads a re-measured latest id from a single-row result', () => {
    const capture = [rs(0, ['latest_audit_event_id', 'latest_audit_time'], [['1042', 't1']])];
    const after = [rs(0, ['latest_audit_event_id', 'latest_audit_time'], [['1050', 't2']])];
    const c = compareResultSets(capture, after, { rules: { latest_audit_event_id: '>=', latest_audit_time: 'ignore' } });
    expect(baselineTableRows(['latest_audit_event_id', 'unknown metric'], capture, c, after)).toEqual([
      { metric: 'latest_audit_event_id', pre: '1042', post: '1050', status: '✔ changed (+8)' },
      { metric: 'unknown metric', pre: '', post: '', status: '' },
    ]);
  });
});
