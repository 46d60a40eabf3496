// A real terminal for the end-to-end screen tests: a private tmux server (its own -L
// socket, so a user's tmux is never touched) whose panes run an interactive bash, where
// the test types `runbook …` as an operator would and reads the screen with capture-pane.
// Keys go one at a time, each after the screen showed the effect of the one before.

import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cliEnv, tempDir } from '../helpers/cli';

let servers = 0;

export interface PaneSize {
  columns: number;
  rows: number;
}

export class Tmux {
  readonly socket: string;
  private readonly env: Record<string, string>;

  /**
   * Starts a server with one session ("main") of `size`, its first pane a bash in `cwd`.
   * `env` is the whole environment of the server and of every pane: built by the caller,
   * so no CI variable reaches the screen (Ink draws nothing live in CI mode).
   */
  constructor(
    readonly dir: string,
    env: Record<string, string>,
    size: PaneSize,
  ) {
    this.socket = `runbook-e2e-${process.pid}-${++servers}-${Date.now().toString(36)}`;
    // `runbook` on PATH runs the built CLI, as an installed one would.
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'runbook'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(bin, 'runbook'), 0o755);
    this.env = { ...env, PATH: `${bin}:${env.PATH ?? ''}`, HISTFILE: '/dev/null' };
    const conf = join(dir, 'tmux.conf');
    // No status line: the pane is the whole window, exactly the size asked for.
    writeFileSync(conf, 'set -g status off\nset -g history-limit 2000\n');
    execFileSync('tmux', ['-L', this.socket, '-f', conf, 'new-session', '-d', '-s', 'main', '-x', String(size.columns), '-y', String(size.rows), '-c', dir, 'bash --norc --noprofile -i'], {
      env: this.env,
      stdio: 'ignore',
    });
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { env: this.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Another window of the session, same size, with its own bash. */
  newWindow(name: string): string {
    this.tmux('new-window', '-d', '-n', name, '-c', this.dir, 'bash --norc --noprofile -i');
    return `main:${name}`;
  }

  /** The pane's screen as lines; wrapped lines joined, so a line too wide shows as one. */
  capture(target: string): string[] {
    return this.tmux('capture-pane', '-p', '-J', '-t', target).replace(/\n$/, '').split('\n');
  }

  /** A key by its tmux name ("Enter", "Escape", "C-c", "j"). */
  key(target: string, key: string): void {
    this.tmux('send-keys', '-t', target, key);
  }

  /** Text as typed (or pasted): literally, in one go. */
  type(target: string, text: string): void {
    this.tmux('send-keys', '-t', target, '-l', text);
  }

  /** A command line typed into the pane's bash and entered. */
  command(target: string, line: string): void {
    this.type(target, line);
    this.key(target, 'Enter');
  }

  /**
   * From now on, every byte the pane's program writes is appended to `file` (tmux
   * pipe-pane): every frame drawn, also one replaced before a capture could see it.
   */
  record(target: string, file: string): void {
    this.tmux('pipe-pane', '-O', '-t', target, `cat >> '${file}'`);
  }

  /** Polls the pane until `test` holds; fails with the last screen shown. */
  async waitFor(target: string, test: (lines: string[]) => boolean, what: string, timeoutMs = 10_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const lines = this.capture(target);
      if (test(lines)) return lines;
      if (Date.now() > deadline) throw new Error(`tmux: no screen with ${what} within ${timeoutMs} ms; the screen:\n${lines.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  }

  size(target: string): PaneSize {
    const [columns, rows] = this.tmux('display-message', '-p', '-t', target, '#{pane_width} #{pane_height}').trim().split(' ').map(Number);
    return { columns: columns ?? 0, rows: rows ?? 0 };
  }

  /** The pid of the command running in the pane's bash (the runbook process), if any. */
  commandPid(target: string): number | null {
    const shell = this.tmux('display-message', '-p', '-t', target, '#{pane_pid}').trim();
    try {
      const pid = execFileSync('pgrep', ['-P', shell], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n')[0];
      return pid ? Number(pid) : null;
    } catch {
      return null;
    }
  }

  paneId(target: string): string {
    return this.tmux('display-message', '-p', '-t', target, '#{pane_id}').trim();
  }

  panes(): string[] {
    return this.tmux('list-panes', '-a', '-F', '#{pane_id}').trim().split('\n');
  }

  resize(size: PaneSize): void {
    this.tmux('resize-window', '-t', 'main', '-x', String(size.columns), '-y', String(size.rows));
  }

  /** Kills everything the panes run (a step waiting forever too), the server, its socket. */
  close(): void {
    let shells: string[] = [];
    let socket = '';
    try {
      shells = this.tmux('list-panes', '-a', '-F', '#{pane_pid}').trim().split('\n');
      socket = this.tmux('display-message', '-p', '#{socket_path}').trim();
    } catch {
      return;
    }
    for (const pid of shells) killTree(Number(pid));
    try {
      this.tmux('kill-server');
    } catch {
      // Already gone with its last pane.
    }
    // tmux leaves the socket file behind.
    if (socket.includes(this.socket)) rmSync(socket, { force: true });
  }
}

function children(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** SIGKILL to a process and all its descendants (a step runs in its own process group). */
export function killTree(pid: number): void {
  for (const child of children(pid)) killTree(child);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/** A screen line that holds `text`. */
export const has =
  (text: string) =>
  (lines: string[]): boolean =>
    lines.some((l) => l.includes(text));

export interface OpenPane {
  tmux: Tmux;
  dir: string;
  pane: string;
  /** The pane's whole environment (a UTF-8 terminal inside "tmux"), for CLI runs beside it. */
  env: Record<string, string>;
  close: () => void;
}

/**
 * A fresh directory holding `files`, and a pane of `size` there (80×24 unless told), the
 * screen's own terminal as an operator's tmux has it. `close` stops the server and removes
 * the directory.
 */
export function openPane(prefix: string, files: Record<string, string>, size: PaneSize = { columns: 80, rows: 24 }): OpenPane {
  const dir = tempDir(prefix);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color', TMUX: 'e2e' });
  const tmux = new Tmux(dir, env, size);
  return {
    tmux,
    dir,
    pane: tmux.paneId('main:0'),
    env,
    close: () => {
      tmux.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
