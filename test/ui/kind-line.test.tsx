// The step's second row says what kind of step it is and how it runs (interactive, a
// timeout, DESTRUCTIVE, a capture). When it was too long for an 80×24 pane it was cut with
// … and nothing offered the rest: `x` was not in the footer and did nothing, so an
// operator never read that the step was destructive before pressing enter.

import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, fits, unmountAll, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const LONG_KIND = `# Kind

## One

\`\`\`bash {timeout=30m}
[ ] read -p "really? " answer && rm -rf ./scratch-Kw4821
\`\`\`
`;

describe('the kind row of a step', () => {
  it('cut at 80 columns, offers x, and x shows it whole', async () => {
    const run = startRun(LONG_KIND);
    const { screen } = mountDriver(run);
    const first = await waitForFrame(screen.lastFrame, (f) => f.includes('enter run'));
    expect(first).toContain('interactive (read waits for input)');
    expect(first).not.toContain('DESTRUCTIVE');
    expect(first).toContain('x whole step');
    await screen.press('x');
    const whole = await waitForFrame(screen.lastFrame, (f) => f.includes('x esc collapse'));
    expect(whole).toContain('DESTRUCTIVE');
    expect(whole).toContain('timeout=30m');
    await screen.press(KEYS.escape);
    await waitForFrame(screen.lastFrame, (f) => f.includes('x whole step') && !f.includes('x esc collapse'));
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });
});
