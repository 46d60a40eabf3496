// The two front ends hold no run policy of their own: the same run, walked the same way on
// the screen and in --plain, ends with the same exit code and the same closing lines (the
// controller's leave, run/ending.ts), printed as the command prints them.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LineReader } from '../source/plain/lines';
import { runPlain } from '../source/plain/runner';
import { wrapText } from '../source/wrap';
import { KEYS, unmountAll, waitFor, waitForFrame } from './helpers/frames';
import { closeRuns, startRun } from './helpers/run-fixture';
import { mountDriver } from './ui/driver-helpers';

const COLUMNS = 80;
const dirs: string[] = [];

afterEach(async () => {
  unmountAll();
  await closeRuns();
});

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The run's place: the screen walks it first, then its journal is removed and --plain walks
 * it again from the start, under the same paths — so the closing lines can be the same.
 */
function place(): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ends-'));
  dirs.push(dir);
  return dir;
}

function forget(dir: string): void {
  for (const f of readdirSync(dir)) if (f.startsWith('run.journal')) rmSync(join(dir, f));
}

/** Walks the run on the screen with `keys` (each after the frame it waits for), then q. */
async function onScreen(markdown: string, dir: string, walk: { until: string; keys: string[] }[]): Promise<{ code: number; text: string }> {
  const run = startRun(markdown, { dir });
  const { screen, exits } = mountDriver(run);
  for (const step of walk) {
    await waitForFrame(screen.lastFrame, (f) => f.includes(step.until));
    await screen.press(...step.keys);
  }
  await waitFor(() => exits.length === 1, 5000, 'the screen left');
  await run.ctl.close();
  const exit = exits[0];
  if (exit?.kind !== 'quit') throw new Error(`the screen left to step aside: ${JSON.stringify(exit)}`);
  // As commands/drive.ts prints them once the screen is gone.
  return { code: exit.code, text: wrapText(exit.lines, COLUMNS) };
}

/** Walks the same run in --plain, answering each prompt in turn from stdin. */
async function inPlain(markdown: string, dir: string, answers: string[]): Promise<{ code: number; text: string }> {
  forget(dir);
  const run = startRun(markdown, { dir });
  const stdin = new PassThrough();
  stdin.end(answers.map((a) => `${a}\n`).join(''));
  let text = '';
  const code = await runPlain(run.ctl, { out: (t) => void (text += t), lines: new LineReader(stdin), hungUp: () => false, echo: true, columns: () => COLUMNS });
  await run.ctl.close();
  return { code, text };
}

describe('the screen and --plain end a run alike', () => {
  it('completed with a failure: exit 1, and the same word on where the evidence is', async () => {
    const markdown = `# Ends\n\n## Phase 1: Only\n\n\`\`\`bash\necho first\n\`\`\`\n\n\`\`\`bash\necho second; exit 3\n\`\`\`\n`;
    const dir = place();
    const screen = await onScreen(markdown, dir, [
      { until: '$ echo first', keys: [KEYS.enter] },
      { until: 'enter next', keys: [KEYS.enter] },
      { until: '$ echo second', keys: [KEYS.enter] },
      { until: 'enter: continue', keys: [KEYS.enter] },
      { until: 'EVERY STEP IS DONE', keys: ['q'] },
    ]);
    const plain = await inPlain(markdown, dir, ['y', 'y', 'y']);
    expect(screen.code).toBe(1);
    expect(plain.code).toBe(screen.code);
    expect(screen.text).toMatch(/^Run completed with failures\. Evidence:\s+runbook report \S*run\.journal\n$/);
    expect(plain.text.endsWith(`\n${screen.text}`)).toBe(true);
  });

  it('only a scheduled check ahead: exit 0, paused as monitoring, and where to look', async () => {
    const markdown = `# Monitor\n\n## Phase 1: Deploy\n\n\`\`\`bash\necho deployed\n\`\`\`\n\n## Phase 2: Watch\n\n\`\`\`bash {at=+1h}\necho still healthy\n\`\`\`\n`;
    const dir = place();
    const screen = await onScreen(markdown, dir, [
      { until: '$ echo deployed', keys: [KEYS.enter] },
      { until: 'enter next', keys: [KEYS.enter] },
      { until: 'MONITORING: only scheduled checks are ahead', keys: ['q'] },
    ]);
    const plain = await inPlain(markdown, dir, ['y']);
    expect(screen.code).toBe(0);
    expect(plain.code).toBe(screen.code);
    expect(screen.text).toContain('Run paused (monitoring). Continue with:');
    expect(plain.text.endsWith(`\n${screen.text}`)).toBe(true);
  });
});

