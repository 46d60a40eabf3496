import { describe, it, expect } from 'vitest';
import { parseExpectation, parseExpectedTable } from '../../source/runbook/expectations';

describe('parseExpectation: checkable text from the seeds', () => {
  it.each([
    ['0', { kind: 'value', value: '0' }],
    ['200', { kind: 'value', value: '200' }],
    ['0 rows', { kind: 'rows', op: 'eq', count: 0 }],
    ['2 rows', { kind: 'rows', op: 'eq', count: 2 }],
    ['3 rows (unchanged)', { kind: 'rows', op: 'eq', count: 3 }],
    ['3 rows (decisions, evidence_packs, audit_events)', { kind: 'rows', op: 'eq', count: 3 }],
    ['5+ indexes', { kind: 'rows', op: 'gte', count: 5 }],
    ['1 row', { kind: 'rows', op: 'eq', count: 1 }],
    ['007_add_agent_traces (head)', { kind: 'contains', text: '007_add_agent_traces (head)' }],
    ['005_add_immutability_triggers', { kind: 'contains', text: '005_add_immutability_triggers' }],
    [
      '"Running upgrade 005_add_immutability_triggers -> 006_add_pending_proposals"',
      { kind: 'contains', text: 'Running upgrade 005_add_immutability_triggers -> 006_add_pending_proposals' },
    ],
    ['{"status": "healthy", "database": "connected"}', { kind: 'json', value: { status: 'healthy', database: 'connected' }, text: '{"status": "healthy", "database": "connected"}' }],
    ['[]', { kind: 'json', value: [], text: '[]' }],
    [
      '[] or {"detail": "Not authenticated"}',
      { kind: 'any', of: [{ kind: 'json', value: [], text: '[]' }, { kind: 'json', value: { detail: 'Not authenticated' }, text: '{"detail": "Not authenticated"}' }] },
    ],
    ["status = 'expired'", { kind: 'column', column: 'status', value: 'expired' }],
    ['✓ ALL TESTS PASSED', { kind: 'contains', text: '✓ ALL TESTS PASSED' }],
    ['PONG', { kind: 'contains', text: 'PONG' }],
  ])('%s is checked automatically', (text, check) => {
    const expectation = parseExpectation(text, 12);
    expect(expectation).toEqual({ text, auto: true, line: 12, check });
  });

  it('keeps the text as written, trimmed, and the line', () => {
    expect(parseExpectation('  0 rows  ', 259)).toMatchObject({ text: '0 rows', line: 259, auto: true });
  });
});

describe('parseExpectation: prose is the operator’s judgment', () => {
  it.each([
    'Valid JSON with counts',
    'Returns pending proposal, NOT direct signal creation',
    'proposal_expiration task scheduled',
    'Should be 0 or very low',
    'modest growth (not exploding)',
    '~120 (20 per hour)',
    '0-2 per 6 hours',
    '0-3 per 6 hours',
    '401 Unauthorized',
    'growing usage (users discovering features)',
    "Test proposal should be marked 'expired'",
    '5 seconds',
    '0-2',
    '< 10',
  ])('%s', (text) => {
    const expectation = parseExpectation(text, 3);
    expect(expectation).toEqual({ text, auto: false, line: 3 });
  });

  it('an empty Expected: is manual and keeps the empty text', () => {
    expect(parseExpectation('', 7)).toEqual({ text: '', auto: false, line: 7 });
    expect(parseExpectation('   ', 7)).toEqual({ text: '', auto: false, line: 7 });
  });

  it('alternatives split only where every side is checkable', () => {
    expect(parseExpectation('0 or 1', 1).check).toEqual({
      kind: 'any',
      of: [
        { kind: 'value', value: '0' },
        { kind: 'value', value: '1' },
      ],
    });
    expect(parseExpectation('[] or an error message', 1).auto).toBe(false);
  });

  it('JSON holding " or " stays one JSON expectation', () => {
    expect(parseExpectation('{"detail": "retry or wait"}', 1).check).toEqual({ kind: 'json', value: { detail: 'retry or wait' }, text: '{"detail": "retry or wait"}' });
  });
});

describe('parseExpectedTable', () => {
  it('reads the seed’s trigger table (sprint-3 §1.3)', () => {
    const lines = [
      'tgname                    | table_name     | tgenabled',
      'decisions_immutable       | decisions      | O',
      'evidence_packs_immutable  | evidence_packs | O',
      'audit_events_immutable    | audit_events   | O',
    ];
    expect(parseExpectedTable(lines, 120)).toEqual({
      text: lines.join('\n'),
      auto: true,
      line: 120,
      check: {
        kind: 'table',
        columns: ['tgname', 'table_name', 'tgenabled'],
        rows: [
          ['decisions_immutable', 'decisions', 'O'],
          ['evidence_packs_immutable', 'evidence_packs', 'O'],
          ['audit_events_immutable', 'audit_events', 'O'],
        ],
      },
    });
  });

  it('skips a psql separator line and row-count footer', () => {
    const e = parseExpectedTable([' name | n ', '------+---', ' a    | 1', ' b    | 2', '(2 rows)'], 5);
    expect(e.check).toEqual({ kind: 'table', columns: ['name', 'n'], rows: [['a', '1'], ['b', '2']] });
  });

  it('keeps an empty cell (a NULL in psql) as an empty string', () => {
    const e = parseExpectedTable(['id | note', '---+-----', '1  |'], 5);
    expect(e.check).toEqual({ kind: 'table', columns: ['id', 'note'], rows: [['1', '']] });
  });

  it('a single column without pipes still reads', () => {
    const e = parseExpectedTable(['count', '-------', '3'], 9);
    expect(e.check).toEqual({ kind: 'table', columns: ['count'], rows: [['3']] });
  });

  it('no lines → manual', () => {
    expect(parseExpectedTable([], 4)).toEqual({ text: '', auto: false, line: 4 });
  });
});
