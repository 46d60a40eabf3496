// The shipped Sprint 3 runbook walked end to end through the real screen: the real CLI in
// a real 80×24 tmux pane, against a real PostgreSQL database (sprint-3-env.ts), answered
// key by key by an operator who reads the footer and the prompt and does what they ask.
// No scripted key list: the walk reacts to whatever the screen shows, so a reordered or
// added step does not break it, and a screen it does not understand fails with the frame.

import { readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, waitFor } from '../helpers/cli';
import { createSprint3Env, type Sprint3Env, SPRINT3_INPUTS as INPUTS } from './sprint-3-env';
import { Tmux, type PaneSize } from './tmux-pane';
import { lastLine, notWhole } from './tui-screen';
import { Operator } from './screen-operator';

const SIZE: PaneSize = { columns: 80, rows: 24 };
const TITLE = 'Sprint 3';
/** More than the runbook's steps and prompts together; a loop that stalls ends here. */
const STEP_BUDGET = 400;

interface Shown {
  state: string;
  steps: { id: string; status: string; expectation: { text: string; result: string } | null }[];
  captures: { name: string; step: string }[];
  comparisons: { name: string; step: string; passed: boolean }[];
  decisions: { path: { question: string; answer: string }[] }[];
  chain: { valid: boolean };
}

/** What the operator answers to the text prompt on screen (its label line ends the frame's prompt area). */
function answerFor(lines: string[], work: string): { type: string | null } {
  const area = lines.slice(-5).join('\n');
  const word = /Type "([^"]+)" to run it:/.exec(area)?.[1];
  if (word !== undefined) return { type: word };
  if (area.includes('Store backup location:')) return { type: join(work, readdirSync(work).find((f) => f.endsWith('.dump')) ?? 'missing.dump') };
  for (const [label, value] of Object.entries(INPUTS)) if (new RegExp(`(^|\\s)${label}: *$`, 'm').test(area)) return { type: value };
  if (/Why this path\? *$/m.test(area)) return { type: 'the system is functional after the deploy' };
  // A sign-off (the operator's name prefilled), an edit before running: as shown.
  return { type: null };
}

async function walk(op: Operator, work: string): Promise<string[]> {
  for (let n = 0; n < STEP_BUDGET; n++) {
    const lines = await op.settled(`the screen after ${op.keys.at(-1) ?? 'the start'} (key ${op.keys.length})`);
    const footer = lastLine(lines);
    const text = lines.join('\n');
    const fail = (why: string) => new Error(`${why} after ${op.keys.length} keys (${op.keys.slice(-8).join(' ')}); the screen:\n${text}`);
    if (text.includes('✘ The step failed')) throw fail('a step failed');
    // The end: every step done; with scheduled checks ahead the run is monitoring.
    if (text.includes('EVERY STEP IS DONE') || text.includes('MONITORING: only scheduled checks are ahead')) return lines;
    if (footer.startsWith('enter ok · esc cancel')) {
      const { type } = answerFor(lines, work);
      if (type !== null) await op.type(type, type.slice(-20));
      op.key('Enter');
    } else if (footer.startsWith('esc back')) {
      // The decision tree: YES, the system is functional; then take the path to Phase 7.
      const yes = lines.map((l) => /(\d+)\. YES\b/i.exec(l)?.[1]).find((d) => d !== undefined);
      if (text.includes('enter take this path')) op.key('Enter');
      else if (yes !== undefined) op.key(yes);
      else throw fail('a decision question the operator cannot answer with YES');
    } else if (text.includes('Does the output meet it? p: pass')) {
      op.key('p');
    } else if (/^enter (run|confirm|answer|sign|choose|next)\b/.test(footer)) {
      op.key('Enter');
    } else {
      throw fail(`a screen the operator does not know what to do with (footer: ${footer})`);
    }
  }
  throw new Error(`the run did not end within ${STEP_BUDGET} screens; keys: ${op.keys.slice(-20).join(' ')}`);
}

let open: { tmux: Tmux | null; env: Sprint3Env } | null = null;
afterEach(async () => {
  if (!open) return;
  open.tmux?.close();
  await open.env.drop();
  rmSync(open.env.dir, { recursive: true, force: true });
  open = null;
});

describe('the Sprint 3 deployment in a real tmux pane', () => {
  it('walks the whole run by keys at 80×24, through the decision tree (YES) to monitoring, every frame whole', async () => {
    const s = await createSprint3Env();
    open = { tmux: null, env: s };
    // The env is built from nothing (cliEnv): no CI variable reaches the screen.
    const tmux = new Tmux(s.dir, { ...s.env, USER: 'ana', LANG: 'C.UTF-8', TERM: 'xterm-256color' }, SIZE);
    open.tmux = tmux;
    const pane = tmux.paneId('main:0');
    const op = new Operator(tmux, pane, TITLE, SIZE);
    // Stand where the backups land, as the plain run does.
    tmux.command(pane, `cd ${s.work} && runbook run ../${basename(s.file)} --journal ../${basename(s.journal)} --operator ana`);

    const end = await walk(op, s.work);
    expect(end.join('\n')).toContain('MONITORING: only scheduled checks are ahead');
    op.key('q');
    await waitFor(() => tmux.commandPid(pane) === null, 'runbook to exit after q', 15_000);

    // Every frame the operator acted on was one whole screen of the pane.
    expect(op.frames.map((f) => notWhole(f, SIZE, TITLE)).filter((p) => p !== null)).toEqual([]);
    expect(op.frames.length).toBeGreaterThan(100);
    expect(op.tooBig).toEqual([]);
    // The inputs were typed into their prompts, the cleanup DELETE behind its typed word.
    for (const value of [...Object.values(INPUTS), '"govos"']) expect(op.keys).toContain(value.startsWith('"') ? value : JSON.stringify(value));
    expect(op.keys.some((k) => k.endsWith('.dump"'))).toBe(true);
    expect(await s.query("SELECT id FROM pending_proposals WHERE proposed_by = 'deploy_test'")).toEqual([]);

    const result = await runCli(['show', s.journal, '--json'], { env: s.env });
    expect(result.code, result.stderr).toBe(0);
    const shown = JSON.parse(result.stdout) as Shown;
    expect(shown.state).toBe('monitoring');
    expect(shown.steps.filter((x) => x.status === 'failed')).toEqual([]);
    expect(shown.captures.map((c) => [c.name, c.step])).toContainEqual(['baseline', 'baseline']);
    expect(await s.query('SELECT version_num FROM alembic_version')).toEqual([{ version_num: '007_add_agent_traces' }]);
    expect(shown.comparisons.map((c) => [c.name, c.step, c.passed])).toEqual([
      ['triggers', 'triggers-after', true],
      ['baseline', 'data-integrity', true],
    ]);
    expect(shown.decisions.map((d) => d.path)).toEqual([[{ question: 'Is the system functional?', answer: 'YES' }]]);
    expect(shown.chain.valid).toBe(true);

    const verify = await runCli(['verify', s.journal], { env: s.env });
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  }, 300_000);
});
