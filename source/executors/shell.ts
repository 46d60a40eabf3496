// Shell steps with execa: `bash -o pipefail -c`, stdin from /dev/null, its own process
// group (so stop() reaches grandchildren and a dropped terminal does not), output streamed
// to the sink chunk by chunk in the order it was written (stderr merged into stdout), cwd
// and exported variables carried to the next step.

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { OutputSink, OutputStream, RunningShell, ShellExecutor, ShellOutcome, ShellRequest } from './types';
import { isBashLike, readContext, wrapCommand } from './shell-context';

export { programsOf } from './programs';

export interface ShellExecutorOptions {
  /** Time between SIGTERM and SIGKILL when a step is stopped or times out (default 2 s). */
  killGraceMs?: number;
  /**
   * After the shell exits, how long output may stay quiet while a background job still
   * holds the pipe open (default 300 ms); the step is then done and the job left running.
   */
  drainMs?: number;
}

/** Signals the whole group; a group already gone is fine. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0, group: boolean): boolean {
  try {
    process.kill(group ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}

function startError(request: ShellRequest, err: unknown): string {
  const code = (err as { code?: string } | undefined)?.code;
  if (code === 'ENOENT') return `cannot start shell "${request.shell}": not found`;
  if (code === 'EACCES') return `cannot start shell "${request.shell}": permission denied`;
  const message = (err as { shortMessage?: string; message?: string } | undefined)?.shortMessage ?? String(err);
  return `cannot start shell "${request.shell}": ${message.split('\n')[0] ?? ''}`;
}

function missingCwd(cwd: string): string | null {
  try {
    return statSync(cwd).isDirectory() ? null : `working directory is not a directory: ${cwd}`;
  } catch {
    return `working directory does not exist: ${cwd}`;
  }
}

/** Streams one pipe to the sink, decoding UTF-8 safely across chunk boundaries. */
function pump(stream: Readable | null | undefined, name: OutputStream, sink: OutputSink): Promise<void> {
  if (!stream) return Promise.resolve();
  const decoder = new StringDecoder('utf8');
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      const text = decoder.write(chunk);
      if (text) sink(name, text);
    });
    const finish = (): void => {
      const rest = decoder.end();
      if (rest) sink(name, rest);
      resolve();
    };
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
}

/** Resolves once output has been quiet for `idleMs` (or `maxMs` have passed). */
function quietFor(lastOutputAt: () => number, idleMs: number, maxMs: number): { promise: Promise<void>; cancel: () => void } {
  const since = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => {
    const check = (): void => {
      const now = Date.now();
      const idle = now - Math.max(lastOutputAt(), since);
      if (idle >= idleMs || now - since >= maxMs) resolve();
      else timer = setTimeout(check, idleMs - idle);
    };
    check();
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

export function createShellExecutor(options: ShellExecutorOptions = {}): ShellExecutor {
  const killGraceMs = options.killGraceMs ?? 2000;
  const drainMs = options.drainMs ?? 300;
  // A background job that never stops writing cannot hold a finished step open forever.
  const maxDrainMs = Math.max(drainMs, 5000);

  const run = (request: ShellRequest, sink: OutputSink): RunningShell => {
    const started = performance.now();
    const finish = (fields: Partial<ShellOutcome>): ShellOutcome => ({
      exitCode: null,
      signal: null,
      ok: false,
      timedOut: false,
      stopped: false,
      context: request.context,
      durationMs: Math.round(performance.now() - started),
      ...fields,
    });

    const badCwd = missingCwd(request.context.cwd);
    if (badCwd) return { pid: undefined, stop() {}, done: Promise.resolve(finish({ error: badCwd })) };

    let stateDir: string;
    try {
      // Private (0700): the recorded environment may hold secrets.
      stateDir = mkdtempSync(path.join(os.tmpdir(), 'runbook-step-'));
    } catch (err) {
      return { pid: undefined, stop() {}, done: Promise.resolve(finish({ error: `cannot create a temporary file: ${(err as Error).message}` })) };
    }
    const stateFile = path.join(stateDir, 'context');
    // stderr joins stdout in the shell itself: one pipe keeps the order the lines were
    // written in, as a terminal shows them. Two pipes are read in whatever order they
    // drain, which glued `printf 'note\n' >&2; printf 200` into "200note" and judged an
    // `Expected: 200` against the wrong last line.
    const wrapped = wrapCommand(request.command, stateFile, process.pid);
    const script = request.tty ? wrapped : `exec 2>&1\n${wrapped}`;
    const args = [...(isBashLike(request.shell) ? ['-o', 'pipefail'] : []), '-c', script];
    // A tty step must stay in the terminal's foreground group to read from it.
    const group = !request.tty;
    const child = execa(request.shell, args, {
      cwd: request.context.cwd,
      env: request.context.env,
      extendEnv: false,
      stdin: request.tty ? 'inherit' : 'ignore',
      stdout: request.tty ? 'inherit' : 'pipe',
      stderr: request.tty ? 'inherit' : 'pipe',
      detached: group,
      buffer: false,
      reject: false,
      stripFinalNewline: false,
    });
    const pid = child.pid;
    if (pid !== undefined) request.onStart?.(pid);

    let stopped = false;
    let timedOut = false;
    let finished = false;
    let killTimer: NodeJS.Timeout | undefined;
    const terminate = (): void => {
      // Once the step is over its pid may belong to someone else: never signal it then.
      if (pid === undefined || killTimer || finished) return;
      signalGroup(pid, 'SIGTERM', group);
      killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL', group), killGraceMs);
    };
    const timeout = request.timeoutMs !== undefined && request.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          terminate();
        }, request.timeoutMs)
      : undefined;
    // While a tty step has the terminal, Ctrl-C belongs to it, not to runbook.
    const ignoreInterrupt = (): void => {};
    if (request.tty) process.on('SIGINT', ignoreInterrupt);

    const exited = new Promise<{ code: number | null; signal: string | null } | { error: unknown }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
      child.once('error', (error) => resolve({ error }));
      // execa reports a spawn failure through its promise as well.
      child.then(
        (result) => {
          if (result.failed && result.exitCode === undefined && result.signal === undefined) resolve({ error: result.cause ?? result });
        },
        (error: unknown) => resolve({ error }),
      );
    });
    let lastOutputAt = Date.now();
    const countingSink: OutputSink = (stream, chunk) => {
      lastOutputAt = Date.now();
      sink(stream, chunk);
    };
    const output = Promise.all([pump(child.stdout, 'stdout', countingSink), pump(child.stderr, 'stderr', countingSink)]);

    const done = (async (): Promise<ShellOutcome> => {
      const exit = await exited;
      if ('error' in exit && pid === undefined) {
        cleanUp();
        return finish({ error: startError(request, exit.error) });
      }
      // Let the last output arrive; a background job holding the pipe must not hold the step.
      const drained = quietFor(() => lastOutputAt, drainMs, maxDrainMs);
      await Promise.race([output, drained.promise]);
      drained.cancel();
      child.stdout?.destroy();
      child.stderr?.destroy();
      const context = readContext(stateFile) ?? request.context;
      cleanUp();
      const { code, signal } = 'error' in exit ? { code: null, signal: null } : exit;
      const okExit = request.okExit.length > 0 ? request.okExit : [0];
      const exitedOk = code !== null && okExit.includes(code);
      // A follow step ends when the operator (or its timeout) stops it: that is success.
      const ok = request.follow ? stopped || timedOut || exitedOk : !stopped && !timedOut && exitedOk;
      return finish({ exitCode: code, signal, ok, stopped, timedOut, context });
    })();

    function cleanUp(): void {
      finished = true;
      clearTimeout(timeout);
      if (request.tty) process.off('SIGINT', ignoreInterrupt);
      rmSync(stateDir, { recursive: true, force: true });
      // The SIGKILL stays armed only while something of the group is still alive.
      if (killTimer && pid !== undefined && !signalGroup(pid, 0, group)) clearTimeout(killTimer);
    }

    return {
      pid,
      stop() {
        stopped = true;
        terminate();
      },
      done,
    };
  };

  return { run };
}
