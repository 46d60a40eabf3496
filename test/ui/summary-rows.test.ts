import { describe, expect, it } from 'vitest';
import { replay } from '../../source/run/reducer';
import { summaryRows } from '../../source/ui/screens/summary-rows';
import { eventFactory, started, summary } from '../helpers/events';

describe('the step column once every step is done', () => {
  it('wraps what it says instead of cutting it: the report command and a failure stay whole at 56 columns', () => {
    // Before: "q: finish the run (the report is then ready: runbook rep…" with the panel empty below.
    const e = eventFactory();
    const state = replay([
      e('run.started', started([summary('p1/deploy', { title: 'Deploy the governance API to production' })])),
      e('step.started', { step: 'p1/deploy', attempt: 1 }),
      e('step.finished', { step: 'p1/deploy', status: 'failed', exitCode: 3, signal: null, durationMs: 10, expectation: null, error: 'exit 3: the rollout did not finish within its timeout' }),
    ]);
    const rows = summaryRows(state, { kind: 'done' }, new Date(), 56, false).map((r) => r.text);
    for (const row of rows) expect(row.length, row).toBeLessThanOrEqual(56);
    const text = rows.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('q: finish the run (the report is then ready: runbook report JOURNAL)');
    expect(text).toContain('✘ Deploy the governance API to production');
    expect(text).toContain('the rollout did not finish within its timeout');
  });
});
