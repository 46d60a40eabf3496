import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { parseRunbook } from '../../source/runbook/parse';
import type { Runbook } from '../../source/runbook/model';
import { summaries } from '../../source/controller';
import { initialState, reduce, withLifecycle } from '../../source/run/reducer';
import type { RunEvent, RunEventMap, RunEventType } from '../../source/run/events';
import type { RunState } from '../../source/run/state';
import { position } from '../../source/run/navigation';
import { RunScreen, type RunScreenProps } from '../../source/ui/screens/run-screen';
import { initialScreen } from '../../source/ui/screens/screen-state';
import { keyContext } from '../../source/ui/screens/key-context';
import { Transcript, TranscriptLog } from '../../source/ui/components/transcript';
import { makeTheme } from '../../source/ui/theme';
import { fits, renderScreen, unmountAll, waitForFrame } from '../helpers/frames';
import { identity } from '../helpers/events';

afterEach(() => unmountAll());

const START = Date.parse('2026-11-23T10:00:00Z');

/** A run as data: the runbook's steps, then these events, one second apart. */
function runOf(runbook: Runbook, events: { type: RunEventType; payload: unknown }[] = []): RunState {
  let seq = 1;
  const at = () => new Date(START + seq * 1000).toISOString();
  let state = initialState({
    seq: 1,
    at: new Date(START).toISOString(),
    type: 'run.started',
    payload: {
      runbook: { file: '/r/deploy.md', sha256: runbook.sha256, title: runbook.title },
      source: '',
      steps: summaries(runbook),
      phases: runbook.phases.map((p) => ({ id: p.id, title: p.title })),
      operator: 'ana',
      identity,
      rehearse: false,
      targets: [{ name: 'govos', kind: 'postgres', location: 'postgres://deploy@db-1.internal:5432/govos', statementTimeoutMs: 60_000, lockTimeoutMs: 10_000 }],
      cwd: '/tmp',
    },
  });
  for (const e of events) {
    seq++;
    state = reduce(state, { seq, at: at(), type: e.type, payload: e.payload } as RunEvent);
  }
  return withLifecycle(state);
}

const ev = <K extends RunEventType>(type: K, payload: RunEventMap[K]) => ({ type, payload });

function screenProps(runbook: Runbook, state: RunState, extra: Partial<RunScreenProps> = {}): RunScreenProps {
  const now = new Date(START + 14 * 60_000 + 32_000);
  const screen = initialScreen({ warning: null, changes: false });
  const at = position(state, now);
  const step = at.kind === 'step' ? at.step : null;
  return {
    state,
    runbook,
    now,
    size: { columns: 80, rows: 24 },
    screen,
    position: at,
    keys: keyContext({ state, runbook, screen, step, readOnly: false }),
    output: () => ({ lines: [], hidden: 0 }),
    readOnly: null,
    transcript: null,
    widgetsActive: true,
    onText: () => undefined,
    onCancel: () => undefined,
    onTake: () => undefined,
    onOpenPlan: () => undefined,
    onCloseOverlay: () => undefined,
    ...extra,
  };
}

const many = parseRunbook(
  [
    '# Sprint 3 – Full Agentic Coprocessor',
    ...Array.from({ length: 30 }, (_, i) => `\n## PHASE ${i + 1}: Phase number ${i + 1}\n\n\`\`\`bash\necho phase ${i + 1}\n\`\`\`\n`),
  ].join('\n'),
  { file: 'many.md', sha256: 'x' },
);

const sql = parseRunbook(
  `# Baseline\n\n## PHASE 1: Pre-Deploy\n\n### 1.2 Baseline Data Counts (SAVE THESE VALUES)\n\n\`\`\`sql {capture=baseline}\nSELECT 'policies' AS table_name, 12 AS count;\n-- Expected: 1 rows\n\`\`\`\n\n\`\`\`bash\n${Array.from({ length: 40 }, (_, i) => `echo line ${i + 1}`).join('\n')}\n\`\`\`\n`,
  { file: 'sql.md', sha256: 'y' },
);

describe('the run screen', () => {
  it('fits 80×24 and 250×70: header, phases with counts and marks, the step, the footer', () => {
    const state = runOf(many, [
      ev('step.started', { step: many.steps[0]?.id ?? '', attempt: 1 }),
      ev('step.finished', { step: many.steps[0]?.id ?? '', status: 'passed', exitCode: 0, signal: null, durationMs: 200, expectation: null }),
      ev('step.started', { step: many.steps[1]?.id ?? '', attempt: 1 }),
      ev('step.finished', { step: many.steps[1]?.id ?? '', status: 'failed', exitCode: 2, signal: null, durationMs: 90, expectation: null }),
    ]);
    for (const size of [
      { columns: 80, rows: 24 },
      { columns: 250, rows: 70 },
    ]) {
      const screen = renderScreen(<RunScreen {...screenProps(many, state, { size })} />, size);
      const frame = screen.lastFrame();
      expect(fits(frame, size), frame).toMatchObject({ ok: true, lines: size.rows - 1 });
      const header = frame.split('\n')[0] ?? '';
      expect(header).toMatch(/^Sprint 3 – Full Agentic Coprocessor · govos@db-1\.internal · ana +00:14:32$/);
      expect(frame).toMatch(/✔ 1 Phase nu[a-z …1]* 1\/1/);
      expect(frame).toMatch(/✘ 2 Phase nu[a-z …2]* 1\/1 1✘/);
      expect(frame).toMatch(/▸ 3 Phase nu[a-z …3]* 0\/1/);
      expect(frame).toContain('step 3/30');
      expect(frame).toContain('$ echo phase 3');
      expect(frame.split('\n').at(-1)).toContain('enter run');
      unmountAll();
    }
  });

  it('windows a long phase list around the current phase', () => {
    const done = many.steps.slice(0, 20).flatMap((s) => [
      ev('step.started', { step: s.id, attempt: 1 }),
      ev('step.finished', { step: s.id, status: 'passed', exitCode: 0, signal: null, durationMs: 10, expectation: null }),
    ]);
    const screen = renderScreen(<RunScreen {...screenProps(many, runOf(many, done))} />);
    const frame = screen.lastFrame();
    expect(frame).toMatch(/▸ 21 Phase\b/);
    expect(frame).toMatch(/… \d+ above/);
    expect(frame).toMatch(/… \d+ below/);
    expect(frame).not.toMatch(/ 1 Phase nu/);
    // The phases hidden above and below are counted as phases (the current one's title takes two lines).
    const column = frame.split('\n').map((l) => l.split('│')[0] ?? '');
    const above = Number(/… (\d+) above/.exec(frame)?.[1]);
    const below = Number(/… (\d+) below/.exec(frame)?.[1]);
    const listed = column.filter((l) => /^[ ▸✔✘] \d+ Phase/.test(l)).length;
    expect(above + listed + below).toBe(30);
  });

  it('shows the current phase\'s whole title at 80×24 even where the column cuts the others', () => {
    const long = parseRunbook('# Deploy\n\n## PHASE 1: Pre-Deploy Verification of the Database Cluster\n\n```bash\necho one\n```\n\n## PHASE 2: Migration Rehearsal on a Copy\n\n```bash\necho two\n```\n', { file: '/r/deploy.md', sha256: 'x' });
    const frame = renderScreen(<RunScreen {...screenProps(long, runOf(long))} />).lastFrame() ?? '';
    const column = frame.split('\n').map((l) => (l.split('│')[0] ?? '').trim());
    const at = column.findIndex((l) => l.startsWith('▸ 1 '));
    expect(at).toBeGreaterThan(0);
    // The current phase's title, read back from its lines in the column, is whole.
    const title = [column[at]?.replace(/^▸ /, '').replace(/\s+0\/1$/, '') ?? ''];
    for (const line of column.slice(at + 1)) {
      if (line === '' || /^(\d|…)/.test(line)) break;
      title.push(line);
    }
    expect(title.join(' ')).toBe('1 Pre-Deploy Verification of the Database Cluster');
    // The others are still cut to one line each.
    expect(column.some((l) => /^2 Migration R.*…\s+0\/1$/.test(l))).toBe(true);
    expect(fits(frame, { columns: 80, rows: 24 })).toMatchObject({ ok: true });
  });

  it('shows a finished SQL step as an aligned table with whether its expectation held', () => {
    const id = sql.steps[0]?.id ?? '';
    const state = runOf(sql, [
      ev('step.started', { step: id, attempt: 1 }),
      ev('step.finished', {
        step: id,
        status: 'passed',
        exitCode: null,
        signal: null,
        durationMs: 200,
        expectation: { text: '1 rows', result: 'passed' },
        resultSets: [{ statement: 0, command: 'SELECT', columns: [{ name: 'table_name', type: 'text' }, { name: 'count', type: 'int8' }], rows: [['policies', 12]], rowCount: 1 }],
      }),
    ]);
    const props = screenProps(sql, state, { screen: { ...initialScreen({ warning: null, changes: false }), selected: id } });
    const frame = renderScreen(<RunScreen {...props} />).lastFrame();
    expect(frame).toContain('1.2 Baseline Data Counts (SAVE THESE VALUES)');
    expect(frame).toMatch(/sql → govos · capture=baseline +✔ passed 0\.2 s/);
    expect(frame).toContain('Expected: 1 rows ✔ held');
    expect(frame).toContain('table_name | count');
    expect(frame).toContain('policies   | 12');
    expect(frame).toContain('(1 row)');
  });

  it('cuts a long command to fit and says how much is hidden', () => {
    const id = sql.steps[1]?.id ?? '';
    const state = runOf(sql);
    const props = screenProps(sql, state, { screen: { ...initialScreen({ warning: null, changes: false }), selected: id } });
    const frame = renderScreen(<RunScreen {...props} />).lastFrame();
    expect(frame).toContain('$ echo line 1');
    expect(frame).toMatch(/… \d+ more lines/);
    expect(fits(frame, { columns: 80, rows: 24 })).toMatchObject({ ok: true });
  });

  it('shows a long SQL line whole: wrapped, each continuation marked ↪', () => {
    const long = parseRunbook(
      `# Long\n\n## PHASE 1: Only\n\n\`\`\`sql\nSELECT id, name, created_at, updated_at, owner_id FROM policies WHERE status = 'active' AND owner_id IS NOT NULL ORDER BY created_at;\n\`\`\`\n`,
      { file: 'long.md', sha256: 'z' },
    );
    const frame = renderScreen(<RunScreen {...screenProps(long, runOf(long))} />).lastFrame();
    expect(fits(frame, { columns: 80, rows: 24 })).toMatchObject({ ok: true });
    const rows = frame.split('\n').map((l) => l.split('│ ')[1] ?? '');
    const at = rows.findIndex((r) => r.startsWith('  SELECT id'));
    expect(at).toBeGreaterThan(0);
    const shown = [rows[at] ?? ''];
    for (const row of rows.slice(at + 1)) {
      if (!row.startsWith('↪ ')) break;
      shown.push(row);
    }
    expect(shown.length).toBeGreaterThan(1);
    // It breaks at spaces here (a trailing space is not drawn).
    expect(shown.map((r) => r.slice(2).trim()).join(' ')).toBe(
      "SELECT id, name, created_at, updated_at, owner_id FROM policies WHERE status = 'active' AND owner_id IS NOT NULL ORDER BY created_at;",
    );
  });

  it('counts down scheduled checks, and says when one is due', () => {
    const [first, second] = many.steps;
    const state = runOf(many, [
      ev('check.scheduled', { step: first?.id ?? '', dueAt: new Date(START + 15 * 60_000).toISOString() }),
      ev('check.scheduled', { step: second?.id ?? '', dueAt: new Date(START + 60 * 60_000).toISOString() }),
    ]);
    const frame = renderScreen(<RunScreen {...screenProps(many, state, { size: { columns: 120, rows: 40 } })} />, { columns: 120, rows: 40 }).lastFrame();
    expect(frame.split('\n')[0]).toContain('⏱ 00:00:28 · 00:14:32');
    expect(frame).toContain('CHECKS');
    expect(frame).toContain('⏱ 00:45:28 echo phase 2');
    const later = renderScreen(<RunScreen {...screenProps(many, state, { size: { columns: 120, rows: 40 }, now: new Date(START + 16 * 60_000) })} />, { columns: 120, rows: 40 }).lastFrame();
    expect(later.split('\n')[0]).toContain('⏱ 1 due');
    expect(later).toContain('⏱ DUE echo phase 1');
  });

  it('watch: says READ-ONLY and who drives', () => {
    const frame = renderScreen(<RunScreen {...screenProps(many, runOf(many), { readOnly: { driver: 'ana (ana@bastion-1, pid 4242) since 10:00' } })} />).lastFrame();
    expect(frame.split('\n')[1]).toMatch(/^READ-ONLY · driven by ana \(ana@bastion-1, pid 4242\)/);
  });

  it('warns on one line outside tmux or screen', () => {
    const screen = { ...initialScreen({ warning: '! Not inside tmux or screen: if this connection drops, a step can stop midway.', changes: false }) };
    const frame = renderScreen(<RunScreen {...screenProps(many, runOf(many), { screen })} />).lastFrame();
    expect(frame.split('\n')[1]).toBe('! Not inside tmux or screen: if this connection drops, a step can stop midway.');
  });
});

describe('the transcript above the screen', () => {
  it('prints each finished step once, and a re-run again', async () => {
    const id = many.steps[0]?.id ?? '';
    const finished = (attempt: number) => [
      ev('step.started', { step: id, attempt }),
      ev('step.finished', { step: id, status: 'passed', exitCode: 0, signal: null, durationMs: 200, expectation: null }),
    ];
    const log = new TranscriptLog();
    log.update(runOf(many, finished(1)));
    log.update(runOf(many, finished(1)));
    expect(log.entries).toHaveLength(1);
    expect(log.entries[0]?.text).toMatch(/^✔ \d\d:\d\d:\d\d echo phase 1 · passed · 0\.2 s$/);
    log.update(runOf(many, [...finished(1), ...finished(2)]));
    expect(log.entries).toHaveLength(2);

    const { lastFrame } = render(<Transcript log={log} />);
    await waitForFrame(lastFrame, (f) => f.split('\n').filter((l) => l.includes('echo phase 1')).length === 2);
    // A screen mounted again (after a tty step) does not print them a second time.
    const again = render(<Transcript log={log} />);
    expect(again.lastFrame() ?? '').not.toContain('echo phase 1');
  });
});

describe('the theme', () => {
  it('uses no colour at all with NO_COLOR, and colour otherwise', () => {
    expect(makeTheme({ NO_COLOR: '1' }).tone('bad')).toBeUndefined();
    expect(makeTheme({ NO_COLOR: '1' }).color).toBe(false);
    expect(makeTheme({ NO_COLOR: '' }).tone('bad')).toBe('red');
    expect(makeTheme({}).tone('ok')).toBe('green');
  });
});
