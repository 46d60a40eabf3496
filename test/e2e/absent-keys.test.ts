// d, P and b in a runbook with no decision tree, no plans and no baselines, in a real 80×24
// tmux pane: the footer does not offer them, and pressed (the help lists them) each says
// there is none. They did nothing at all, which left the operator wondering whether the
// key was heard.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { all, has, lastLine, press, see, setUp, tearDown, TITLE } from './tui-screen';

afterEach(() => tearDown());

// The title the pane helpers look for in the header, to know the screen is whole.
const RUNBOOK = `# ${TITLE}plain deploy

## 1 Deploy

1. Say hello
   \`\`\`bash
   echo hello
   \`\`\`
`;

describe('keys for what a runbook does not have', () => {
  it('are not offered, and say so when pressed', async () => {
    const s = setUp();
    writeFileSync(join(s.dir, 'plain.md'), RUNBOOK);
    s.tmux.command(s.drive, 'runbook run plain.md --journal run.journal --operator tester');
    const first = await see(s, all(has('$ echo hello'), (l) => lastLine(l).startsWith('enter run')), 'the first step');
    expect(lastLine(first)).not.toMatch(/decision tree|plans|baselines/);
    await press(s, 'd', has('This runbook has no decision tree.'), 'd, no tree');
    await press(s, 'P', has('This runbook has no plans.'), 'P, no plans');
    const said = await press(s, 'b', has('No baselines yet: a step with capture=NAME keeps one.'), 'b, no baselines');
    // Said whole at 80 columns, not cut.
    expect(said.join('\n')).not.toContain('…');
    // Nothing opened over the step: enter still runs it.
    await press(s, 'Enter', has('✔ passed'), 'the step run');
  }, 60_000);
});
