// Before an operator takes a path of the decision tree, or opens a plan with P, the plan's
// title and its steps are shown: a long title ("Rollback Plan A: restart the worker when
// it is wedged and eating all the memory of the host") was cut at 80 columns with …, and a
// long destructive step lost its "(destructive)" mark at the edge. They wrap now.

import { afterEach, describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import { summaries } from '../../source/controller';
import { initialState } from '../../source/run/reducer';
import { DecisionMenu } from '../../source/ui/components/decision-menu';
import { PlansMenuView } from '../../source/ui/components/plans-menu';
import { plansOverview } from '../../source/run/plans';
import { fits, renderScreen, unmountAll, waitForFrame } from '../helpers/frames';
import { identity } from '../helpers/events';

afterEach(() => unmountAll());

const TITLE = 'Rollback Plan A: restart the worker when it is wedged and eating all the memory of the host Kw4821';

const runbook = parseRunbook(
  `# Operations

## Phase 1: Deploy

\`\`\`bash
echo deploy
\`\`\`

## Phase 2: Decide

- Is the worker healthy?
  - Yes → [Phase 3](#phase-3-monitor)
  - No → Rollback Plan A

## Phase 3: Monitor

- [ ] Watch the dashboard

## ${TITLE}

\`\`\`bash
systemctl stop worker-with-a-rather-long-unit-name-that-goes-on-and-on-and-on.service
\`\`\`
`,
  { file: 'ops.md', sha256: 'x' },
);

/** The frame's lines joined where they wrap, to read a wrapped title as one. */
const joined = (frame: string) => frame.replace(/\n +/g, ' ');

describe('a plan shown before it is taken', () => {
  it('in the decision tree: its whole title and every step, marked destructive, within 80 columns', async () => {
    const root = runbook.decisions.find((d) => d.step !== null)?.id ?? '';
    const screen = renderScreen(<DecisionMenu runbook={runbook} root={root} reason={null} width={80} height={13} isActive openBefore={() => 0} onTake={() => undefined} onClose={() => undefined} />, { columns: 80, rows: 14 });
    await waitForFrame(screen.lastFrame, (f) => f.includes('? Is the worker healthy?'));
    await screen.press('2');
    const leaf = await waitForFrame(screen.lastFrame, (f) => f.includes('Leads to the plan'));
    expect(joined(leaf)).toContain(`Leads to the plan: ${TITLE} (1 step)`);
    expect(joined(leaf)).toMatch(/on-and-on-and- ?on\.service +\(destructive\)/);
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });

  it('in the plans menu (P): the same', async () => {
    const state = initialState({
      seq: 1,
      at: '2026-11-23T10:00:00Z',
      type: 'run.started',
      payload: { runbook: { file: '/r/ops.md', sha256: 'x', title: 'Operations' }, source: '', steps: summaries(runbook), phases: runbook.phases.map((p) => ({ id: p.id, title: p.title })), operator: 'ana', identity, rehearse: false, targets: [], cwd: '/tmp' },
    });
    const screen = renderScreen(<PlansMenuView runbook={runbook} state={state} plans={plansOverview(state, runbook)} index={0} width={80} height={13} isActive onOpen={() => undefined} onClose={() => undefined} />, { columns: 80, rows: 14 });
    const menu = await waitForFrame(screen.lastFrame, (f) => f.includes('PLANS'));
    expect(joined(menu)).toContain(`${TITLE} (1 step):`);
    expect(joined(menu)).toMatch(/on-and-on-and- ?on\.service +\(destructive\)/);
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });
});
