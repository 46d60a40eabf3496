// The crash harness: start a long run through a front end, kill -9 it at a chosen moment,
// and collect what the operator saw before the kill, so a test can hold the journal to it.
// A front end is anything that drives `runbook run`/`resume` in a child process; the plain
// runner is the first; the Ink screen, driven in tmux (tui-front-end.ts), is the second.

import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cliEnv, runCli, startCli, tempDir } from '../../helpers/cli';

export interface CrashRun {
  dir: string;
  file: string;
  journal: string;
  env: Record<string, string>;
  /** Step ids in walk order: the plain runner's "step k/N" is walk[k - 1]. */
  walk: string[];
}

/** A step whose outcome was on the operator's screen before the kill. */
export interface ShownStep {
  id: string;
  /** The output lines shown for it (shell steps of a front end that prints them), else null. */
  output: string[] | null;
}

export interface DrivenRun {
  /** kill -9 of the process that holds the journal open (the runner, not its front end's terminal); false when it was already gone. */
  kill(): boolean;
  /** Resolves when the process is gone (killed or finished). */
  exited: Promise<void>;
  /** True once the run is under way (its first step is on screen): the kill clock starts. */
  started(): boolean;
  /** What the operator saw finish, from everything shown so far. */
  shownFinished(): ShownStep[];
  transcript(): string;
}

export interface FrontEnd {
  name: string;
  /** Starts `runbook run` on the run's file and journal, answering every prompt "yes". */
  start(run: CrashRun): DrivenRun;
  /** Resumes the journal and answers "yes" (re-run an interrupted step) to the end. */
  resumeToEnd(run: CrashRun): Promise<{ code: number | null; transcript: string }>;
}

/** A copy of a fixture runbook in a fresh directory, with its own RUNBOOK_HOME. */
export async function prepareRun(fixture: string, name: string, setUp?: (dir: string) => void): Promise<CrashRun> {
  const dir = tempDir(`runbook-${name}-`);
  const file = join(dir, 'runbook.md');
  copyFileSync(fixture, file);
  mkdirSync(join(dir, 'home'));
  setUp?.(dir);
  const env = cliEnv(join(dir, 'home'));
  const checked = await runCli(['check', file, '--json'], { env });
  if (checked.code !== 0) throw new Error(`fixture does not check: ${checked.stderr}`);
  const steps = (JSON.parse(checked.stdout) as { steps: { id: string; plan: string | null }[] }).steps;
  return { dir, file, journal: join(dir, 'run.runbook.sqlite'), env, walk: steps.filter((s) => s.plan === null).map((s) => s.id) };
}

/** An empty SQLite database where a fixture's sqlite target points. */
export function createSqlite(path: string): void {
  new Database(path).close();
}

const HEADER = /^── .* · step (\d+)\/\d+ · \w+/;
const RESULT = /^[✔✘] (passed|failed)\b/;
const RUN_PROMPT = /Run: \[y\] run .*> y$/;

/**
 * What the plain runner showed as finished. A step is finished on screen when a later
 * step's header is printed (its answer was committed before the runner moved on), or when
 * its result line is printed (step.finished was committed before the line). For shell and
 * sql steps with a result line, the lines between the run prompt and the result are its output.
 */
export function plainShownFinished(transcript: string, walk: string[]): ShownStep[] {
  const lines = transcript.split('\n');
  const blocks: { index: number; lines: string[] }[] = [];
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (header) blocks.push({ index: Number(header[1]), lines: [] });
    else blocks.at(-1)?.lines.push(line);
  }
  const shown: ShownStep[] = [];
  blocks.forEach((block, i) => {
    const id = walk[block.index - 1];
    if (id === undefined) throw new Error(`header for step ${block.index} beyond the walk of ${walk.length}`);
    const result = block.lines.findIndex((l) => RESULT.test(l));
    const last = i === blocks.length - 1;
    if (last && result === -1) return;
    if (result === -1) {
      shown.push({ id, output: null });
      return;
    }
    const prompt = block.lines.findIndex((l) => RUN_PROMPT.test(l));
    // A complete last line of output is followed by the result line directly.
    shown.push({ id, output: prompt === -1 ? null : block.lines.slice(prompt + 1, result) });
  });
  return shown;
}

/** Answers every prompt with "y" from a pipe that stays open (closing it would stop the run). */
function answerYes(child: ChildProcess): void {
  child.stdin?.on('error', () => undefined);
  child.stdin?.write('y\n'.repeat(2000));
}

export const plainFrontEnd: FrontEnd = {
  name: 'plain',
  start(run) {
    const child = startCli(['run', run.file, '--plain', '--journal', run.journal, '--operator', 'crash-tester'], { env: run.env, cwd: run.dir });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr?.resume();
    answerYes(child);
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    return {
      kill: () => child.kill('SIGKILL'),
      exited,
      started: () => HEADER.test(out.split('\n').find((l) => l.startsWith('── ')) ?? ''),
      shownFinished: () => plainShownFinished(out, run.walk),
      transcript: () => out,
    };
  },
  async resumeToEnd(run) {
    const result = await runCli(['resume', run.journal, '--plain', '--operator', 'crash-tester'], { env: run.env, cwd: run.dir, input: 'y\n'.repeat(2000), timeoutMs: 60_000 });
    return { code: result.code, transcript: result.stdout + result.stderr };
  },
};

/** kill -9 at `afterMs` past the moment the run got under way; resolves once the process is gone. */
export async function killAt(driven: DrivenRun, afterMs: number, deadlineMs = 30_000): Promise<'killed' | 'finished first'> {
  const deadline = Date.now() + deadlineMs;
  let finished = false;
  void driven.exited.then(() => (finished = true));
  while (!driven.started()) {
    if (finished) throw new Error(`the run ended before it started:\n${driven.transcript()}`);
    if (Date.now() > deadline) throw new Error(`the run never started:\n${driven.transcript()}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  // The random moment itself is the point of the trial, not a wait for a condition.
  await new Promise((r) => setTimeout(r, afterMs));
  if (finished) return 'finished first';
  const killed = driven.kill();
  await driven.exited;
  return killed ? 'killed' : 'finished first';
}
