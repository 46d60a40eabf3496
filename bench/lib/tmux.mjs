// A private tmux server for the screen benchmarks (its own socket, no user config), so
// nothing here touches anyone else's tmux. Keys go through one control-mode client,
// not a `tmux send-keys` process per key: spawning a client would add its own latency.

import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { epochNow, waitFor } from './stats.mjs';

export function hasTmux() {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export class Tmux {
  constructor(dir) {
    this.dir = dir;
    this.socket = `runbook-bench-${process.pid}`;
    this.control = null;
    this.scripts = 0;
  }

  tmux(...args) {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /**
   * Starts a pane of the given size running a bash script. The script's first line records
   * $EPOCHREALTIME (no fork) into `<name>.start` right before the command runs, so "process
   * start" is the moment the command is exec'd.
   */
  start(name, { env = {}, cwd, command, width = 100, height = 30, exec = true }) {
    const startFile = join(this.dir, `${name}.start`);
    const script = join(this.dir, `${name}-${this.scripts++}.sh`);
    const exports = Object.entries(env)
      .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
      .join('\n');
    writeFileSync(
      script,
      `${exports}\ncd ${shellQuote(cwd)}\nprintf '%s\\n' "$EPOCHREALTIME" > ${shellQuote(startFile)}\n${exec ? 'exec ' : ''}${command}\n`,
    );
    this.keepServer();
    this.tmux('new-session', '-d', '-s', name, '-x', String(width), '-y', String(height), `bash ${shellQuote(script)}`);
    // Keep the pane (and its last screen) when the command exits.
    this.tmux('set-option', '-t', name, 'remain-on-exit', 'on');
    return { startFile, startedAt: () => readStart(startFile) };
  }

  /**
   * A session that outlives every bench pane: without it, killing the last pane's session
   * ends the server, and a pane started at that moment fails ("server exited unexpectedly").
   */
  keepServer() {
    if (this.kept) return;
    this.tmux('new-session', '-d', '-s', 'keep', '-x', '80', '-y', '24', 'sleep 86400');
    this.kept = true;
  }

  panePid(name) {
    return Number(this.tmux('display-message', '-p', '-t', name, '#{pane_pid}').trim());
  }

  paneDead(name) {
    try {
      return this.tmux('display-message', '-p', '-t', name, '#{pane_dead}').trim() === '1';
    } catch {
      return true;
    }
  }

  capture(name) {
    return this.tmux('capture-pane', '-p', '-t', name);
  }

  kill(name) {
    try {
      this.tmux('kill-session', '-t', name);
    } catch {
      // already gone
    }
  }

  /** Sends keys through the control client; resolves with the epoch time it was written. */
  async sendKeys(target, ...keys) {
    if (!this.control) await this.openControl();
    const at = epochNow();
    this.control.stdin.write(`send-keys -t ${target} ${keys.map(shellQuote).join(' ')}\n`);
    return at;
  }

  async openControl() {
    // The control client attaches to a session of its own, so it never resizes a bench pane.
    this.tmux('new-session', '-d', '-s', 'control', '-x', '80', '-y', '24', 'sleep 86400');
    const child = spawn('tmux', ['-L', this.socket, '-f', '/dev/null', '-C', 'attach', '-t', 'control'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let seen = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (seen += d));
    await waitFor(() => seen.includes('%session-changed'), 'the tmux control client', 10_000);
    this.control = child;
  }

  close() {
    if (this.control) this.control.stdin.end();
    try {
      this.tmux('kill-server');
    } catch {
      // no server left
    }
  }
}

function readStart(file) {
  const text = readFileSync(file, 'utf8').trim();
  // $EPOCHREALTIME is seconds with a decimal point (µs); some locales print a comma.
  return Number(text.replace(',', '.')) * 1000;
}

export function shellQuote(value) {
  const s = String(value);
  return /^[\w./:=@%+-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}
