import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { parseRunbook } from '../../source/runbook/parse';
import type { DecisionPath } from '../../source/run/decision-tree';
import { atRoot, decisionMenuReducer, decisionMenuState } from '../../source/ui/hooks/use-decision-menu';
import { selectKey, selectReducer } from '../../source/ui/hooks/use-select';
import { DecisionMenu } from '../../source/ui/components/decision-menu';
import { KEYS, renderScreen, unmountAll, waitForFrame } from '../helpers/frames';
import type { Key } from 'ink';

afterEach(() => unmountAll());

const runbook = parseRunbook(
  `# Tree

## Phase 1: Deploy

\`\`\`bash
echo deploy
\`\`\`

## Phase 2: Decide

### Rollback Decision

- Did the migration apply?
  - Yes → Is the API healthy?
    - Yes → [Phase 3](#phase-3-monitor)
    - No → [Rollback Plan B](#rollback-plan-b-code)
  - No → [Rollback Plan A](#rollback-plan-a-database)

### Rollback Plan A: Database

\`\`\`bash
alembic downgrade -1
\`\`\`

### Rollback Plan B: Code

\`\`\`bash
git reset --hard HEAD~1
\`\`\`

## Phase 3: Monitor

\`\`\`bash
echo watching
\`\`\`
`,
  { file: 'tree.md', sha256: 'x' },
);
const root = runbook.decisions.find((d) => d.step !== null)?.id ?? '';
const key = (extra: Partial<Key> = {}): Key => ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, ...extra }) as Key;

describe('the select menu state', () => {
  it('moves within the items and reads digits as a direct choice', () => {
    const s = { index: 0, count: 3 };
    expect(selectReducer(s, { type: 'up' })).toEqual(s);
    expect(selectReducer(selectReducer(selectReducer(s, { type: 'down' }), { type: 'down' }), { type: 'down' })).toEqual({ index: 2, count: 3 });
    expect(selectKey(s, '2', key())).toEqual({ kind: 'submit', index: 1 });
    expect(selectKey(s, '7', key())).toBeNull();
    expect(selectKey(s, '', key({ escape: true }))).toEqual({ kind: 'back' });
  });
});

describe('the decision menu state', () => {
  it('walks question by question to a leaf, and back', () => {
    const reduce = (state: ReturnType<typeof decisionMenuState>, action: Parameters<typeof decisionMenuReducer>[2]) => decisionMenuReducer(runbook, state, action);
    let s = decisionMenuState(root);
    expect(atRoot(s)).toBe(true);
    s = reduce(s, { type: 'answer', index: 0 });
    expect(s.leaf).toBeNull();
    expect(runbook.decisions.find((d) => d.id === s.cursor.at)?.question).toBe('Is the API healthy?');
    s = reduce(s, { type: 'down' });
    s = reduce(s, { type: 'answer', index: s.index });
    expect(s.leaf?.leadsTo).toMatchObject({ kind: 'plan', title: 'Rollback Plan B: Code' });
    expect(s.leaf?.answers.map((a) => a.answer)).toEqual(['Yes', 'No']);
    s = reduce(s, { type: 'back' });
    expect(s.leaf).toBeNull();
    s = reduce(s, { type: 'back' });
    // Back at the first question, the answer taken is under the cursor again.
    expect(s.cursor.at).toBe(root);
    expect(s.index).toBe(0);
    expect(atRoot(s)).toBe(true);
  });
});

describe('the decision menu', () => {
  it('shows the question, then the leaf with its plan and the destructive step marked, and takes it on enter', async () => {
    const taken: DecisionPath[] = [];
    const { lastFrame, stdin } = render(<DecisionMenu runbook={runbook} root={root} reason="deploy failed: exit 1" width={80} height={12} isActive openBefore={() => 0} onTake={(p) => taken.push(p)} onClose={() => undefined} />);
    const first = await waitForFrame(lastFrame, (f) => f.includes('? Did the migration apply?'));
    expect(first).toContain('deploy failed: exit 1');
    expect(first).toContain('▸ 1. Yes');
    expect(first).toContain('2. No  → Rollback Plan A: Database');
    stdin.write('2');
    const leaf = await waitForFrame(lastFrame, (f) => f.includes('Leads to the plan: Rollback Plan A: Database (1 step)'));
    expect(leaf).toContain('! 1. alembic downgrade -1  (destructive)');
    stdin.write(KEYS.enter);
    await waitForFrame(() => String(taken.length), (n) => n === '1');
    expect(taken[0]?.leadsTo.title).toBe('Rollback Plan A: Database');
  });

  it('spells out control characters in the question, the reason and the plan it leads to', async () => {
    // Before, the overlay drew them raw and Ink dropped them: "Did it work ?" for "Did it work \e[2J?".
    const hostile = parseRunbook(
      ['# T', '', '## Go', '', '### Decide', '', '- Did it work \u001b[2J?', '  - Yes → [Go](#go)', '  - No → [Plan A: undo \u001b[2J](#plan-a-undo-2j)', '', '### Plan A: undo \u001b[2J', '', '```bash', 'echo undo', '```', ''].join('\n'),
      { file: 'h.md', sha256: 'x' },
    );
    const at = hostile.decisions.find((d) => d.step !== null)?.id ?? '';
    const { lastFrame, stdin } = render(<DecisionMenu runbook={hostile} root={at} reason={'step failed: \u001b]0;title\u0007'} width={80} height={12} isActive openBefore={() => 0} onTake={() => undefined} onClose={() => undefined} />);
    const first = await waitForFrame(lastFrame, (f) => f.includes('? Did it work'));
    expect(first).toContain('? Did it work \\e[2J?');
    expect(first).toContain('step failed: \\e]0;title\\x07');
    stdin.write('2');
    const leaf = await waitForFrame(lastFrame, (f) => f.includes('Leads to'));
    expect(leaf).toContain('Plan A: undo \\e[2J');
  });

  // It said 'the open steps before it are skipped' also where none were open.
  it.each([
    [0, 'Leads to Go'],
    [1, 'Leads to Go: 1 open step before it is skipped'],
    [3, 'Leads to Go: 3 open steps before it are skipped'],
  ])('says of a leaf leading to a phase how many open steps it skips (%i)', async (open, said) => {
    const tree = parseRunbook(['# T', '', '## Check', '', '### Decide', '', '- Did it work?', '  - Yes → [Go](#go)', '  - No → [Plan A: undo](#plan-a-undo)', '', '## Go', '', '- [ ] go', '', '### Plan A: undo', '', '```bash', 'echo undo', '```', ''].join('\n'), { file: 'g.md', sha256: 'x' });
    const at = tree.decisions.find((d) => d.step !== null)?.id ?? '';
    const asked: string[] = [];
    const screen = renderScreen(<DecisionMenu runbook={tree} root={at} reason={null} width={80} height={12} isActive openBefore={(phase) => (asked.push(phase), open)} onTake={() => undefined} onClose={() => undefined} />, { columns: 80, rows: 14 });
    await waitForFrame(screen.lastFrame, (f) => f.includes('? Did it work?'));
    await screen.press('1');
    const leaf = await waitForFrame(screen.lastFrame, (f) => f.includes('Leads to Go'));
    expect(leaf.split('\n').find((l) => l.includes('Leads to Go'))?.trim()).toBe(said);
    expect(asked).toContain('go');
  });

  it('esc at the first question closes it', async () => {
    let closed = 0;
    const { lastFrame, stdin } = render(<DecisionMenu runbook={runbook} root={root} reason={null} width={80} height={12} isActive openBefore={() => 0} onTake={() => undefined} onClose={() => closed++} />);
    await waitForFrame(lastFrame, (f) => f.includes('? Did the migration apply?'));
    stdin.write(KEYS.escape);
    await waitForFrame(() => String(closed), (n) => n === '1');
  });
});
