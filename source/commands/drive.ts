// Driving a run from this process, for `run` and `resume`: the world's parts the run uses
// (the shell, the targets, the signer), the signals (Ctrl-C stops a step, a hangup lets it
// finish) and the front end, which gets the run's handle.

import { homedir } from 'node:os';
import type { SigningKey } from '../executors/ssh-sign';
import type { DrivenRun, RunParts, Signer } from '../controller';
import { LineReader } from '../plain/lines';
import { runPlain } from '../plain/runner';
import type { Config } from '../config';
import type { CommandContext } from './context';
import { openTarget } from './targets';
import { loadScreen } from './load-screen';
import { lazyShellExecutor, type LazyShellExecutor } from './lazy-shell';
import { terminalPager } from './pager';
import { terminalEditor } from './editor';
import { whole, wrapText, type Paragraph } from '../wrap';
import { asyncStepOutput } from './async-terminal';
import { VisibleStream } from '../run/terminal-text';
import { runsInTerminal } from '../runbook/interactive';

/** --plain: how long after a Ctrl-C stopped a step another Ctrl-C is taken as its echo, not as leaving. */
const CTRL_C_GRACE_MS = 2000;

export interface Driving {
  ctx: CommandContext;
  /** Answers read line by line (created on first use: the screen reads stdin itself). */
  lines: LineReader;
  /** Writes to the terminal with every control and invisible character spelled out. */
  out: (text: string) => void;
  /** Our own key echo at a secret prompt (`•`, and `\b \b` to take one back), written as is. */
  keyEcho: (text: string) => void;
  hungUp: boolean;
  /** The run being driven, for the signals. */
  run: DrivenRun | null;
  release: () => void;
  plain: boolean;
  /** The screen's hangup listeners (the plain runner polls hungUp instead). */
  onHangup: Set<() => void>;
  /** Hands stdin over to the screen if a line reader was used before it. */
  detachLines: () => void;
  /** Runs a step, its output written to a terminal without waiting for it unless the step has the terminal itself (async-terminal.ts). */
  whileRunning: <T>(inTerminal: boolean, step: () => Promise<T>) => Promise<T>;
  /** Said before the screen and said again on it (its first frame hides what was printed before). */
  notices: string[];
}

async function prepare(ctx: CommandContext, options: { plain: boolean }): Promise<Driving> {
  let lines: LineReader | null = null;
  // Step text, commands, output and answers are someone else's bytes: shown, never obeyed.
  const shown = new VisibleStream();
  const stepOutput = options.plain && ctx.isTTY ? asyncStepOutput(process.stdout) : null;
  const write = (text: string) => {
    if (driving.hungUp) return;
    try {
      ctx.stdout(text);
      stepOutput?.written();
    } catch {
      driving.hungUp = true;
    }
  };
  const driving: Driving = {
    ctx,
    get lines() {
      lines ??= new LineReader(ctx.stdin);
      return lines;
    },
    // A write to a terminal that went away must never crash the run or lose the step.
    out: (text) => write(shown.write(text)),
    keyEcho: write,
    hungUp: false,
    run: null,
    release: () => undefined,
    plain: options.plain,
    notices: [],
    onHangup: new Set(),
    detachLines: () => {
      lines?.detach();
      lines = null;
    },
    whileRunning: (inTerminal, step) => (stepOutput && !inTerminal ? stepOutput.during(step) : step()),
  };
  let stoppedAt = -Infinity;
  const onInterrupt = () => {
    // The screen reads Ctrl-C as a key (raw mode); a SIGINT reaches us only while a tty
    // step has the terminal, and there Ctrl-C belongs to that step.
    if (!driving.plain) return;
    // A tty step has the terminal: its own Ctrl-C went to it already.
    const running = driving.run?.runningStep();
    if (running && runsInTerminal(running)) return;
    if (driving.run?.isStopping()) return;
    if (driving.run?.stopRunning()) {
      stoppedAt = Date.now();
      driving.out('\n^C stopping the step (the run goes on)\n');
    } else if (Date.now() - stoppedAt < CTRL_C_GRACE_MS) {
      // A second Ctrl-C meant for the same step (pg cancels in ms) must not end the run too.
      driving.out('\n^C the step is stopped; q at the prompt leaves (the run stays resumable)\n');
    } else driving.lines.end();
  };
  const onHangup = () => {
    driving.hungUp = true;
    for (const listener of driving.onHangup) listener();
    // A running step is allowed to finish; a waiting prompt reads end of input.
    if (!driving.run?.isRunning()) lines?.end();
  };
  const onPipeError = () => {
    driving.hungUp = true;
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGHUP', onHangup);
  process.on('SIGTERM', onHangup);
  process.stdout.on('error', onPipeError);
  driving.release = () => {
    process.off('SIGINT', onInterrupt);
    process.off('SIGHUP', onHangup);
    process.off('SIGTERM', onHangup);
    process.stdout.off('error', onPipeError);
    lines?.close();
  };
  return driving;
}

/** Asked once, then remembered. */
export async function askOperator(driving: Driving, config: Config): Promise<string> {
  for (;;) {
    driving.out('Your name, for the run record (asked once, remembered): ');
    const line = await driving.lines.next();
    if (line !== null && !driving.ctx.isTTY) driving.out(`${line}\n`);
    if (line === null) throw new Error('no operator name given (use --operator NAME)');
    if (line.trim()) {
      try {
        config.set('operator', line.trim());
      } catch (error) {
        // A name not remembered is asked again next time: never a reason not to run.
        driving.out(`(not remembered: ${error instanceof Error ? error.message : String(error)}; --operator NAME skips this question)\n`);
      }
      return line.trim();
    }
  }
}

function lazySigner(config: Config, env: Record<string, string | undefined>): Signer {
  let key: Promise<SigningKey | null> | null = null;
  const ssh = () => import('../executors/ssh-sign');
  return {
    description: 'SSH key (ssh-keygen -Y sign, namespace runbook)',
    async sign(text) {
      const mod = await ssh();
      key ??= mod.findSigningKey({ ...(config.get('signingKey') ? { configured: config.get('signingKey') } : {}), home: env.HOME ?? homedir(), env });
      const found = await key;
      if (!found) throw new Error('no SSH key in ~/.ssh (id_ed25519, id_ecdsa, id_rsa) or no ssh-keygen');
      return { keyFingerprint: found.fingerprint, publicKey: found.publicKey, signature: await mod.signText(found, text, { env }) };
    },
  };
}

/** The world's parts a run driven from here uses: the shell (loaded once needed), the targets' executors, the SSH signer. */
function parts(ctx: CommandContext, config: Config): Pick<RunParts, 'env' | 'openTarget' | 'signer'> & { shell: LazyShellExecutor } {
  return { env: ctx.env, shell: lazyShellExecutor(), openTarget, signer: lazySigner(config, ctx.env) };
}

/** Hands the run to the front end until it leaves; the exit code. The run is closed after. */
async function run(driving: Driving, handle: DrivenRun, shell: LazyShellExecutor): Promise<number> {
  const { ctx } = driving;
  driving.run = handle;
  try {
    if (!driving.plain) return await runScreen(driving, handle, shell);
    shell.preload();
    const s = handle.state;
    driving.out(
      wrapText(
        [
          `runbook · ${s.runbook.title}${s.rehearse ? ' · REHEARSAL: nothing runs' : ''}`,
          [`operator ${s.operator} · journal`, whole(handle.journalPath)],
          ...(!ctx.env.TMUX && !ctx.env.STY ? ['! Not inside tmux or screen: if this connection drops, a step can stop midway. Consider running inside tmux.'] : []),
        ],
        ctx.columns(),
      ),
    );
    return await runPlain(handle, {
      out: driving.out,
      lines: driving.lines,
      hungUp: () => driving.hungUp,
      echo: !ctx.isTTY,
      readSecret: () => driving.lines.nextHidden(driving.keyEcho),
      columns: ctx.columns,
      whileRunning: driving.whileRunning,
    });
  } finally {
    driving.run = null;
    await handle.close();
    storeLeft(driving, handle);
  }
}

/** What the team store did not take before the run was closed, and how it will (or why it never will). */
function storeLeft(driving: Driving, handle: DrivenRun): void {
  const left = handle.store?.status();
  if (!left || left.behind === 0) return;
  const n = left.behind;
  const events = `${n} event${n === 1 ? '' : 's'}`;
  // The run went on elsewhere: pushing is refused, so it is not offered; the journal keeps them.
  const said: Paragraph = left.elsewhere
    ? [`store: ${left.problem ?? 'the run went on elsewhere'}; the ${events} this host recorded from there ${n === 1 ? 'is' : 'are'} in this journal only (the store cannot take ${n === 1 ? 'it' : 'them'}):`, whole(`runbook show ${handle.journalPath}`)]
    : [`store: ${events} not published yet${left.problem ? ` (${left.problem})` : ''}; they go with the next resume, or:`, whole(`runbook store push ${handle.journalPath}`)];
  driving.out(wrapText([said], driving.ctx.columns()));
}

/** The Ink screen; imported only here, so `check` and `--help` never load React or Ink. */
async function runScreen(driving: Driving, handle: DrivenRun, shell: LazyShellExecutor): Promise<number> {
  const { ctx } = driving;
  // Ink reads stdin itself from here on: the line reader (if an answer was asked before the
  // screen) must not take the keys too.
  driving.detachLines();
  const { runApp } = await loadScreen(() => import('../ui/run-app'));
  // runApp draws the first frame before it returns to the event loop; the shell loads after.
  const running = runApp(handle, {
    env: ctx.env,
    pager: terminalPager(ctx.env),
    editor: terminalEditor(ctx.env),
    notices: driving.notices,
    ...(ctx.bench ? { probe: ctx.bench.screen } : {}),
    hangup: {
      happened: () => driving.hungUp,
      subscribe: (listener) => {
        driving.onHangup.add(listener);
        return () => driving.onHangup.delete(listener);
      },
    },
  });
  shell.preload();
  // What the screen leaves to say (how to go on), wrapped to the terminal as it is now.
  const left = await running;
  driving.out(wrapText(left.lines, ctx.columns()));
  return left.code;
}

export const drive = { prepare, parts, run };
