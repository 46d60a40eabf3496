// `runbook demo` as a new user meets it: the real CLI in a real 80×24 tmux pane, answered
// by someone who has read nothing but the screen. Each key is what the footer or the
// prompt on screen asks for (enter, a typed value, `d` for the decision tree after the
// failure, the answer the tree's own text names, `p` to pass a check, `q` at the end);
// a screen that does not say what to do fails the test with the frame. Before every typed
// confirmation, each destructive statement of the step must be on screen.

import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir, waitFor } from '../helpers/cli';
import { Tmux, type PaneSize } from './tmux-pane';
import { lastLine, notWhole } from './tui-screen';
import { Operator } from './screen-operator';
import { destructiveLinesMissing, stepOnScreen, stepsOf, type ShownStep } from './step-panel';

const SIZE: PaneSize = { columns: 80, rows: 24 };
const TITLE = 'Demo – Governance OS';
const SCREEN_BUDGET = 200;

interface Shown {
  state: string;
  steps: { id: string; status: string }[];
  decisions: { path: { question: string; answer: string }[] }[];
  signoffs: { role: string; name: string }[];
  chain: { valid: boolean };
}

/** What the new user types at the text prompt on screen ('' clears it); null: accept what it shows. */
function answerFor(lines: string[], asked: Map<string, number>): string | null {
  const area = lines.slice(-5).join('\n');
  const word = /Type "([^"]+)" to run it:/.exec(area)?.[1];
  if (word !== undefined) return word;
  if (/Release to deploy/.test(area)) {
    const n = asked.get('release') ?? 0;
    asked.set('release', n + 1);
    // First a tag that is not one (the pattern turns it down), then an empty answer: the default.
    return n === 0 ? 'latest' : '';
  }
  if (/Change ticket/.test(area)) return 'CHG-1042';
  if (/Why this path\? *$/m.test(area)) return 'the health check failed after the migration';
  return null;
}

/** The number of the answer the tree's text tells the user to take (4.1: NO, then "Health check or API"). */
function treeAnswer(lines: string[]): string | undefined {
  const wanted = lines.some((l) => l.includes('What is broken?')) ? 'Health check or API' : 'NO';
  return lines.map((l) => new RegExp(`(\\d+)\\. ${wanted}\\b`).exec(l)?.[1]).find((d) => d !== undefined);
}

/** Before a typed confirmation: the step on screen, and the lines of its destructive statements not shown. */
function unseen(lines: string[], steps: ShownStep[]): { step: string; missing: string[] } {
  const [step, ...others] = stepOnScreen(lines, steps).filter((s) => s.destructive);
  if (!step || others.length > 0) throw new Error(`no one destructive step on the screen of a typed confirmation:\n${lines.join('\n')}`);
  return { step: step.id, missing: destructiveLinesMissing(lines, step) };
}

async function walk(op: Operator, steps: ShownStep[], confirmed: { step: string; missing: string[] }[]): Promise<string[]> {
  const asked = new Map<string, number>();
  for (let n = 0; n < SCREEN_BUDGET; n++) {
    const lines = await op.settled(`the screen after ${op.keys.at(-1) ?? 'the start'} (key ${op.keys.length})`);
    const footer = lastLine(lines);
    const text = lines.join('\n');
    const fail = (why: string) => new Error(`${why} after ${op.keys.length} keys (${op.keys.slice(-8).join(' ')}); the screen:\n${text}`);
    if (text.includes('MONITORING: only scheduled checks are ahead') || text.includes('EVERY STEP IS DONE')) return lines;
    if (text.includes('✘ The step failed')) {
      // Only the failure the demo announces is expected; the screen offers the tree for it.
      if (!text.includes('d: decision tree')) throw fail('a failure without the decision tree offered');
      op.key('d');
    } else if (footer.startsWith('enter ok · esc cancel')) {
      if (/Type "[^"]+" to run it:/.test(lines.slice(-5).join('\n'))) confirmed.push(unseen(lines, steps));
      const type = answerFor(lines, asked);
      if (type !== null) {
        // The prompt may hold a default or the last try: ctrl-u clears it, as the footer says.
        op.key('C-u');
        if (type !== '') await op.type(type, type.slice(-20));
      }
      op.key('Enter');
    } else if (text.includes('enter take this path')) {
      op.key('Enter');
    } else if (text.includes('DECISION TREE')) {
      const digit = treeAnswer(lines);
      if (digit === undefined) throw fail('a decision question the demo does not say how to answer');
      op.key(digit);
    } else if (text.includes('Does the output meet it? p: pass')) {
      op.key('p');
    } else if (/^enter (run|confirm|answer|sign|choose|next)\b/.test(footer)) {
      op.key('Enter');
    } else {
      throw fail(`a screen the new user does not know what to do with (footer: ${footer})`);
    }
  }
  throw new Error(`the demo did not end within ${SCREEN_BUDGET} screens; keys: ${op.keys.slice(-20).join(' ')}`);
}

let tmux: Tmux | null = null;
afterEach(() => {
  tmux?.close();
  tmux = null;
});

describe('runbook demo in a real 80×24 tmux pane', () => {
  it('is finished by a new user who reads only the screen: the failure, the tree into Plan A, the sign-off, the report', async () => {
    const home = tempDir('runbook-demo-tui-');
    const env = cliEnv(home);
    // Built from nothing (cliEnv): no CI variable reaches the screen.
    tmux = new Tmux(home, { ...env, USER: 'dee', LANG: 'C.UTF-8', TERM: 'xterm-256color' }, SIZE);
    const pane = tmux.paneId('main:0');
    tmux.command(pane, 'runbook demo');
    await tmux.waitFor(pane, (l) => l.some((x) => x.includes('Your name')), 'the name question', 20_000);
    tmux.type(pane, 'Dee Mo');
    tmux.key(pane, 'Enter');

    const op = new Operator(tmux, pane, TITLE, SIZE);
    const steps = await stepsOf(new URL('../../runbooks/demo.md', import.meta.url).pathname, env);
    const confirmed: { step: string; missing: string[] }[] = [];
    const end = await walk(op, steps, confirmed);
    expect(end.join('\n')).toContain('MONITORING: only scheduled checks are ahead');
    op.key('q');
    await waitFor(() => tmux?.commandPid(pane) === null, 'runbook to exit after q', 15_000);
    const after = tmux.capture(pane).join('\n');
    const report = /The demo's report \(the filled-in checklist\):\s+(\S+)/.exec(after)?.[1];
    const journal = /runbook resume (\S+)/.exec(after)?.[1];
    expect(report, after).toBeDefined();
    expect(journal, after).toBeDefined();

    // Every frame the new user acted on was one whole screen of the pane.
    expect(op.frames.map((f) => notWhole(f, SIZE, TITLE)).filter((p) => p !== null)).toEqual([]);
    expect(op.tooBig).toEqual([]);
    // Each typed confirmation (the migration, and the downgrade of Plan A) with every destructive line in view.
    expect(confirmed).toEqual([
      { step: 'migration-006', missing: [] },
      { step: 'downgrade-006', missing: [] },
    ]);
    expect(op.keys).toContain('d');
    expect(op.keys).toContain(JSON.stringify('latest'));

    expect(existsSync(report ?? '')).toBe(true);
    const text = readFileSync(report ?? '', 'utf8');
    expect(text).toContain('# Demo – Governance OS release 3.1');
    expect(text).toContain('Health check or API');
    const result = await runCli(['show', journal ?? '', '--json'], { env });
    expect(result.code, result.stderr).toBe(0);
    const shown = JSON.parse(result.stdout) as Shown;
    expect(shown.state).toBe('monitoring');
    expect(shown.steps.filter((s) => s.status === 'failed').map((s) => s.id)).toEqual(['3-2-api-health-check-the-demo-s-deliberate-failure/echo-status-healthy-version-3-0-9']);
    expect(shown.decisions[0]?.path).toEqual([
      { question: 'Is the release healthy?', answer: 'NO' },
      { question: 'What is broken?', answer: 'Health check or API' },
    ]);
    expect(shown.signoffs).toEqual([expect.objectContaining({ role: 'Deploy Lead', name: 'Dee Mo' })]);
    expect(shown.chain.valid).toBe(true);
  }, 180_000);
});
