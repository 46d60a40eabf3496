// A sign-off's role is what the operator signs for: a long one ("Security Review with an
// exceedingly long role name …") was cut at the panel's edge with …, and `x` showed the
// same cut row, so the operator signed without reading what for. It wraps now.

import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, fits, unmountAll, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const SIGNOFF = `# Sign

## Sign-off

**Sign-off:**
- [ ] Security Review with an exceedingly long role name that ends in Kw4821: ________________ Date: _______
`;

describe('a sign-off with a long role', () => {
  it('shows the whole role before and after it is signed, within 80 columns', async () => {
    const run = startRun(SIGNOFF);
    const { screen } = mountDriver(run);
    const asked = await waitForFrame(screen.lastFrame, (f) => f.includes('enter sign'));
    expect(asked).toMatch(/ends in Kw4821: ____/);
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('Sign off as') && f.includes('enter ok'));
    await screen.press(KEYS.enter);
    const signed = await waitForFrame(screen.lastFrame, (f) => f.includes('EVERY STEP IS DONE'));
    expect(signed).toContain('1 done');
    await screen.press('k');
    const back = await waitForFrame(screen.lastFrame, (f) => f.includes('✔ signed by ana'));
    expect(back).toMatch(/ends in Kw4821: ____/);
    for (const f of screen.frames) expect(fits(f, screen.size()), f).toMatchObject({ ok: true });
  });
});
