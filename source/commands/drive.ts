// Driving a run from this process, for `run` and `resume`: the controller, the
// executors, the signals (Ctrl-C stops a step, a hangup lets it finish) and the front end.

import { homedir } from 'node:os';
import type { Runbook } from '../runbook/model';
import type { ResolvedTarget } from '../executors/types';
import type { Redactor } from '../executors/redact';
import type { SigningKey } from '../executors/ssh-sign';
import { RunController } from '../controller/controller';
import type { RunSession } from '../controller/session';
import type { Signer } from '../controller/signoff';
import { LineReader } from '../plain/lines';
import { runPlain } from '../plain/runner';
import type { Config } from '../config';
import type { CommandContext } from './context';
import { openTarget } from './targets';
import { loadScreen } from './load-screen';
import { lazyShellExecutor, type LazyShellExecutor } from './lazy-shell';
import { runsInTerminal } from '../runbook/interactive';

export interface Driving {
  ctx: CommandContext;
  /** Answers read line by line (created on first use: the screen reads stdin itself). */
  lines: LineReader;
  out: (text: string) => void;
  hungUp: boolean;
  controller: RunController | null;
  release: () => void;
  plain: boolean;
  /** The screen's hangup listeners (the plain runner polls hungUp instead). */
  onHangup: Set<() => void>;
  /** Hands stdin over to the screen if a line reader was used before it. */
  detachLines: () => void;
}

async function prepare(ctx: CommandContext, options: { plain: boolean }): Promise<Driving> {
  let lines: LineReader | null = null;
  const driving: Driving = {
    ctx,
    get lines() {
      lines ??= new LineReader(ctx.stdin);
      return lines;
    },
    // A write to a terminal that went away must never crash the run or lose the step.
    out: (text) => {
      if (driving.hungUp) return;
      try {
        ctx.stdout(text);
      } catch {
        driving.hungUp = true;
      }
    },
    hungUp: false,
    controller: null,
    release: () => undefined,
    plain: options.plain,
    onHangup: new Set(),
    detachLines: () => {
      lines?.detach();
      lines = null;
    },
  };
  const onInterrupt = () => {
    // The screen reads Ctrl-C as a key (raw mode); a SIGINT reaches us only while a tty
    // step has the terminal, and there Ctrl-C belongs to that step.
    if (!driving.plain) return;
    // A tty step has the terminal: its own Ctrl-C went to it already.
    const running = driving.controller?.runningStep();
    if (running && runsInTerminal(running)) return;
    if (driving.controller?.isStopping()) return;
    if (driving.controller?.stopRunning()) driving.out('\n^C stopping the step (the run goes on)\n');
    else driving.lines.end();
  };
  const onHangup = () => {
    driving.hungUp = true;
    for (const listener of driving.onHangup) listener();
    // A running step is allowed to finish; a waiting prompt reads end of input.
    if (!driving.controller?.isRunning()) lines?.end();
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
      config.set('operator', line.trim());
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

async function run(
  driving: Driving,
  args: { session: RunSession; runbook: Runbook; targets: ResolvedTarget[]; redactor: Redactor; config: Config; secrets?: Record<string, string> },
): Promise<number> {
  const { ctx } = driving;
  const shell = lazyShellExecutor();
  const controller = new RunController(
    args.session,
    {
      runbook: args.runbook,
      targets: args.targets,
      base: { process: ctx.env, runbook: args.runbook.frontMatter.env },
      shellName: args.runbook.frontMatter.shell ?? 'bash',
      secrets: args.secrets ?? {},
      addSecret: (v) => args.redactor.addSecret(v),
    },
    { shell, openTarget, signer: lazySigner(args.config, ctx.env), now: () => new Date() },
  );
  driving.controller = controller;
  try {
    if (!driving.plain) return await runScreen(driving, controller, shell);
    shell.preload();
    const s = args.session.state;
    driving.out(`runbook · ${s.runbook.title}${s.rehearse ? ' · REHEARSAL: nothing runs' : ''}\n`);
    driving.out(`journal ${args.session.journal.path} · operator ${s.operator}\n`);
    if (!ctx.env.TMUX && !ctx.env.STY) {
      driving.out('! Not inside tmux or screen: if this connection drops, a step can stop midway. Consider running inside tmux.\n');
    }
    return await runPlain(controller, { out: driving.out, lines: driving.lines, hungUp: () => driving.hungUp, echo: !ctx.isTTY, readSecret: () => driving.lines.nextHidden(driving.out) });
  } finally {
    driving.controller = null;
    await controller.close();
  }
}

/** The Ink screen; imported only here, so `check` and `--help` never load React or Ink. */
async function runScreen(driving: Driving, controller: RunController, shell: LazyShellExecutor): Promise<number> {
  const { ctx } = driving;
  // Ink reads stdin itself from here on: the line reader (if an answer was asked before the
  // screen) must not take the keys too.
  driving.detachLines();
  const { runApp } = await loadScreen(() => import('../ui/run-app'));
  // runApp draws the first frame before it returns to the event loop; the shell loads after.
  const running = runApp(controller, {
    env: ctx.env,
    hangup: {
      happened: () => driving.hungUp,
      subscribe: (listener) => {
        driving.onHangup.add(listener);
        return () => driving.onHangup.delete(listener);
      },
    },
  });
  shell.preload();
  return running;
}

export const drive = { prepare, run };
