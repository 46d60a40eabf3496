// The Ink run screen as a crash-trial front end: `runbook run` in a real tmux pane (its
// own -L server, an environment without CI so Ink draws live), driven key by key as an
// operator would: enter to answer, confirm, run and go on, a value typed at each input.
// A key goes only once the screen has answered the one before. What the operator saw
// finish is read off the frames captured along the way; the kill goes to the runner's pid.

import { Tmux } from '../../e2e/tmux-pane';
import { isAlive } from '../../e2e/tui-screen';
import { plainFrontEnd, type CrashRun, type DrivenRun, type FrontEnd, type ShownStep } from './crash-harness';

const SIZE = { columns: 100, rows: 30 };
/** The step on screen: "Phase 1: Prepare ……… step 3/17". */
const STEP = /\bstep (\d+)\/(\d+)\s*$/;
/** The step's status line, under its heading, once it ran: "shell ……… ✔ passed 0.2 s". */
const RAN = /[✔✘] (passed|failed)\b/;
const TYPED = 'crash-value';
const FRAMES_KEPT = 6;

/**
 * What a screen says was finished: every step before the one on screen (the screen moves
 * on only once the step's answer is committed), and the one on screen if it shows it ran.
 * The output is not compared: the screen shows only its tail, cut to the pane.
 */
function finishedOn(lines: string[]): number {
  const at = lines.findIndex((l) => STEP.test(l));
  if (at === -1) return 0;
  const index = Number(STEP.exec(lines[at] ?? '')?.[1]);
  return RAN.test(lines[at + 1] ?? '') ? index : index - 1;
}

const lastLine = (lines: string[]) => lines.filter((l) => l.trim() !== '').at(-1) ?? '';

/** The key that moves the run on from this screen, or null while a step runs. */
function nextKey(lines: string[]): { key: string } | { text: string } | null {
  if (lines.some((l) => l.includes('EVERY STEP IS DONE'))) return { key: 'q' };
  const footer = lastLine(lines);
  // The input prompt: type the value once, enter once it shows.
  if (footer.startsWith('enter ok')) return lines.some((l) => l.includes(`: ${TYPED}`)) ? { key: 'Enter' } : { text: TYPED };
  if (/^enter (answer|confirm|run|re-run|next|sign|choose)\b/.test(footer)) return { key: 'Enter' };
  return null;
}

class TuiRun implements DrivenRun {
  readonly exited: Promise<void>;
  private readonly tmux: Tmux;
  private readonly pane: string;
  private pid: number | null = null;
  private gone = false;
  private finishedUpTo = 0;
  private onScreen = false;
  private frames: string[] = [];

  constructor(private readonly run: CrashRun) {
    this.tmux = new Tmux(run.dir, { ...run.env, LANG: 'C.UTF-8', TERM: 'xterm-256color' }, SIZE);
    this.pane = this.tmux.paneId('main:0');
    // `runbook` execs node: the pane's command IS the runner that holds the journal.
    this.tmux.command(this.pane, `runbook run '${run.file}' --journal '${run.journal}' --operator crash-tester`);
    this.exited = this.drive().finally(() => this.tmux.close());
  }

  started(): boolean {
    return this.pid !== null && this.onScreen;
  }

  kill(): boolean {
    if (this.pid === null) return false;
    try {
      process.kill(this.pid, 'SIGKILL');
      return true;
    } catch (error) {
      // Gone already: the run ended on its own a moment before the kill (the pane is polled).
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  }

  shownFinished(): ShownStep[] {
    return this.run.walk.slice(0, this.finishedUpTo).map((id) => ({ id, output: null }));
  }

  transcript(): string {
    return this.frames.join('\n\n');
  }

  /** Answers each screen, one key per frame, until the runner is gone. */
  private async drive(): Promise<void> {
    const deadline = Date.now() + 120_000;
    let answered: string | null = null;
    for (;;) {
      if (this.pid === null) this.pid = this.tmux.commandPid(this.pane);
      else if (!isAlive(this.pid)) return;
      if (Date.now() > deadline) throw new Error(`the TUI run did not end within 120 s:\n${this.transcript()}`);
      const lines = this.tmux.capture(this.pane);
      const frame = lines.join('\n');
      if (frame !== this.frames.at(-1)) this.frames = [...this.frames.slice(1 - FRAMES_KEPT), frame];
      if (this.pid !== null) {
        this.finishedUpTo = Math.max(this.finishedUpTo, finishedOn(lines));
        this.onScreen ||= lines.some((l) => STEP.test(l));
        // The first line is the header with its ticking clock: not an answer to a key.
        const body = lines.slice(1).join('\n');
        const next = nextKey(lines);
        if (next && body !== answered) {
          if ('key' in next) this.tmux.key(this.pane, next.key);
          else this.tmux.type(this.pane, next.text);
          answered = body;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export const tuiFrontEnd: FrontEnd = {
  name: 'TUI',
  start: (run) => new TuiRun(run),
  // The journal is the same whichever screen wrote it: resume as plain, where every line shows.
  resumeToEnd: (run) => plainFrontEnd.resumeToEnd(run),
};
