import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS, fits, unmountAll, waitForFrame } from '../helpers/frames';
import { closeRuns, startRun } from '../helpers/run-fixture';
import { mountDriver } from './driver-helpers';

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

const RUNBOOK = `---\ntitle: Baselines\ntargets:\n  app:\n    kind: sqlite\n    path: ./app.db\n---\n# Baselines\n\n## Phase 1: Only\n\n\`\`\`sql {capture=before}\nSELECT 'policies' AS table_name, 12 AS count;\n\`\`\`\n\n\`\`\`bash\necho broken; exit 3\n\`\`\`\n\n\`\`\`bash\necho after\n\`\`\`\n`;

/** The lines between the rule under the body and the footer. */
function aboveFooter(frame: string): string[] {
  const lines = frame.split('\n');
  const rule = lines.findLastIndex((l) => l.startsWith('────'));
  return lines.slice(rule + 1, -1);
}

describe('the line above the footer under an overlay', () => {
  it('says what happened, never what the run screen\'s enter would do there', async () => {
    const run = startRun(RUNBOOK, { prepare: (dir) => new Database(join(dir, 'app.db')).close() });
    const { screen } = mountDriver(run);
    await waitForFrame(screen.lastFrame, (f) => f.includes('capture=before'));
    await screen.press(KEYS.enter);
    const ran = await waitForFrame(screen.lastFrame, (f) => f.includes('✔ passed'));
    expect(aboveFooter(ran)).toEqual(['✔ passed · enter: next step']);
    // b: enter shows a capture as a table here, so the line keeps the verdict only.
    await screen.press('b');
    const list = await waitForFrame(screen.lastFrame, (f) => f.includes('BASELINES · 1 item'));
    expect(list).toContain('enter show as a table');
    expect(aboveFooter(list)).toEqual(['✔ passed']);
    expect(fits(list, { columns: 80, rows: 24 }).ok).toBe(true);
    await screen.press(KEYS.escape);
    const back = await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    expect(aboveFooter(back)).toEqual(['✔ passed · enter: next step']);

    // A failed step: the failure stays said; its keys (d, enter) are not offered under b.
    await screen.press(KEYS.enter);
    await waitForFrame(screen.lastFrame, (f) => f.includes('echo broken; exit 3') && f.includes('enter run'));
    await screen.press(KEYS.enter);
    const failed = await waitForFrame(screen.lastFrame, (f) => f.includes('✘ The step failed'));
    expect(aboveFooter(failed).join('\n')).toContain('enter: continue with the next step');
    await screen.press('b');
    const over = await waitForFrame(screen.lastFrame, (f) => f.includes('BASELINES · 1 item'));
    expect(aboveFooter(over)).toEqual(['✘ The step failed: exit 3']);
    expect(over).not.toContain('enter: continue');
    expect(fits(over, { columns: 80, rows: 24 }).ok).toBe(true);
    await screen.press(KEYS.escape);
    const again = await waitForFrame(screen.lastFrame, (f) => f.includes('PHASES'));
    expect(aboveFooter(again).join('\n')).toContain('enter: continue with the next step');
  });
});
