// P: the plans menu shows the plan under the cursor and its steps. A plan's title and its
// steps' titles are the runbook author's bytes: drawn raw there, an OSC in a heading
// retitled the window as the menu opened (the decision tree's leaf spelled them out).

import { afterEach, describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import { summaries } from '../../source/controller';
import { initialState } from '../../source/run/reducer';
import { PlansMenuView } from '../../source/ui/components/plans-menu';
import { plansOverview } from '../../source/run/plans';
import { renderScreen, unmountAll, waitForFrame } from '../helpers/frames';
import { identity } from '../helpers/events';

afterEach(() => unmountAll());

const OSC = '\u001b]2;owned\u0007';

const runbook = parseRunbook(
  `# Plans

## Phase 1

\`\`\`bash
echo deploy
\`\`\`

## Rollback Plan A ${OSC}: Database

\`\`\`bash
[ ] echo undo ${OSC}
\`\`\`
`,
  { file: 'plans.md', sha256: 'x' },
);

const state = initialState({
  seq: 1,
  at: '2026-11-23T10:00:00Z',
  type: 'run.started',
  payload: { runbook: { file: '/r/plans.md', sha256: 'x', title: 'Plans' }, source: '', steps: summaries(runbook), phases: runbook.phases.map((p) => ({ id: p.id, title: p.title })), operator: 'ana', identity, rehearse: false, targets: [], cwd: '/tmp' },
});

describe('the plans menu (P)', () => {
  it('spells out the escape sequences in a plan\'s title and its steps, never draws them', async () => {
    expect(plansOverview(state, runbook)).toHaveLength(1);
    const { lastFrame } = renderScreen(<PlansMenuView state={state} runbook={runbook} width={80} height={12} isActive={false} onOpen={() => undefined} onClose={() => undefined} plans={plansOverview(state, runbook)} index={0} />);
    const frame = await waitForFrame(lastFrame, (f) => f.includes('PLANS'));
    expect(frame).toContain('Rollback Plan A \\e]2;owned\\x07: Database (1 step):');
    expect(frame).toContain('1. echo undo \\e]2;owned\\x07');
    expect(['\u001b', '\u0007'].filter((ch) => frame.includes(ch))).toEqual([]);
  });
});
