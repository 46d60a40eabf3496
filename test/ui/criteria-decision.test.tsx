// "Rollback if any of these holds?" asks about a list of criteria. The step showed only the
// first of them above the question (Phase-4's five criteria: one on screen, four behind x),
// and where the criteria were a Markdown list (the standard checklist's "When to Rollback")
// the other four stood below it again as the author's text, split from the first.

import { afterEach, describe, expect, it } from 'vitest';
import { fits, renderScreen, unmountAll, waitForFrame } from '../helpers/frames';
import { parseRunbook } from '../../source/runbook/parse';
import { DecisionMenu } from '../../source/ui/components/decision-menu';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const CRITERIA = ['Health probes failing Kw4821', 'Error rate > 1%', 'Key feature broken', 'Data corruption detected', 'Security vulnerability discovered'];

const IN_MARKDOWN = `# Criteria

## Deploy

- [ ] Roll out the release

## Rollback Procedure

### Immediate Rollback

\`\`\`bash
kubectl rollout undo deployment/api
\`\`\`

### When to Rollback

Rollback if any of:

${CRITERIA.map((c) => `- ${c}`).join('\n')}
`;

const IN_FENCE = `# Criteria

## Deploy

- [ ] Roll out the release

## Rollback Procedure

### Decision Criteria for Rollback
\`\`\`
Rollback IF ANY of:
${CRITERIA.map((c) => `- ${c}`).join('\n')}
\`\`\`

### Rollback Steps
\`\`\`bash
[ ] systemctl stop agent
\`\`\`
`;

describe('a rollback decision written as criteria', () => {
  for (const [form, text] of [['a Markdown list', IN_MARKDOWN], ['a plain fence', IN_FENCE]] as const) {
    it(`shows every criterion with the question, each once (${form})`, async () => {
      const run = startRun(text);
      const { screen } = mountDriver(run);
      await waitForFrame(screen.lastFrame, (f) => f.includes('Roll out the release') && f.includes('p pass'));
      await screen.press('p');
      const asked = await waitForFrame(screen.lastFrame, (f) => f.includes('Rollback if any of these holds?') && f.includes('enter choose'));
      for (const c of CRITERIA) expect(asked.split(c).length - 1, `${c} on screen once:\n${asked}`).toBe(1);
      // Together, in their order: one list, not split around the question.
      const rows = asked.split('\n');
      const at = CRITERIA.map((c) => rows.findIndex((r) => r.includes(c)));
      expect(at, asked).toEqual(at.map((_, i) => (at[0] ?? 0) + i));
    });
  }
});

// The same question in the decision tree (d, or after a failure): only "? Rollback if any
// of these holds?" with YES / NO, the criteria nowhere on screen.
describe('the decision tree of criteria (d)', () => {
  it('shows the criteria above the question', async () => {
    const runbook = parseRunbook(IN_FENCE, { file: 'c.md', sha256: 'x' });
    const root = runbook.decisions.find((d) => d.step !== null)?.id ?? '';
    const screen = renderScreen(<DecisionMenu runbook={runbook} root={root} reason={null} width={80} height={14} isActive openBefore={() => 0} onTake={() => undefined} onClose={() => undefined} />, { columns: 80, rows: 16 });
    const menu = await waitForFrame(screen.lastFrame, (f) => f.includes('? Rollback if any of these holds?'));
    for (const c of CRITERIA) expect(menu).toContain(c);
    expect(menu.indexOf(CRITERIA[4] ?? '')).toBeLessThan(menu.indexOf('? Rollback if any'));
    expect(menu).toContain('1. YES');
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });
});
