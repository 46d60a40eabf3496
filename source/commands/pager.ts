// `o`: a step's whole output in `less -R +G` (opened at the end), or in a tmux split when
// inside tmux so the screen stays — the screen's Pager (ui/pager-port.ts), provided here so
// that the screen never spawns a program. The lines come as the screen shows them (controls
// and bidi characters spelled out: less would draw them raw) into a private temp file
// (already redacted: the journal never holds a secret).

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pager } from '../ui/pager-port';

export interface OutputFile {
  path: string;
  remove: () => void;
}

export function writeOutputFile(step: string, lines: string[]): OutputFile {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-output-'));
  const path = join(dir, `${step.replace(/[^\w.-]+/g, '_')}.log`);
  writeFileSync(path, lines.length > 0 ? `${lines.join('\n')}\n` : '(no output)\n', { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Inside tmux: a split pane runs the pager and removes the file when it closes. It splits
 * the screen's own pane ($TMUX_PANE): untargeted, tmux splits its current pane, which can
 * be in another window or another person's session (a watcher's `o` opened on the driver's).
 */
export function openInTmuxSplit(file: OutputFile, env: Record<string, string | undefined>): boolean {
  if (!env.TMUX) return false;
  const dir = file.path.slice(0, file.path.lastIndexOf('/'));
  const target = env.TMUX_PANE ? ['-t', env.TMUX_PANE] : [];
  const result = spawnSync('tmux', ['split-window', ...target, '-v', `less -R +G ${quote(file.path)}; rm -rf ${quote(dir)}`], { stdio: 'ignore', env: env as NodeJS.ProcessEnv });
  return result.status === 0;
}

/** The pager with the terminal (the screen has stepped aside); resolves when it exits. */
export function runPager(file: OutputFile, env: Record<string, string | undefined>): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn('less', ['-R', '+G', file.path], { stdio: 'inherit', env: env as NodeJS.ProcessEnv });
    child.once('error', (error) => resolve(`no pager: ${error.message}`));
    child.once('exit', () => resolve(null));
  }).then((problem) => {
    file.remove();
    return problem as string | null;
  });
}

/** The pager for the screen of `run`, `resume` and `watch`, in this terminal and environment. */
export function terminalPager(env: Record<string, string | undefined>): Pager {
  return {
    split(step, lines) {
      if (!env.TMUX) return false;
      const file = writeOutputFile(step, lines());
      if (openInTmuxSplit(file, env)) return true;
      file.remove();
      return false;
    },
    page: (step, lines) => runPager(writeOutputFile(step, lines), env),
  };
}
