// Driving the real CLI's screen in a real tmux pane for the end-to-end tests: a run set
// up in a temp dir, keys sent one at a time, each once the screen shows the last one's
// effect, and what makes a screen whole (nothing wrapped, cut off or drawn twice).

import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cliEnv, runCli, tempDir, waitFor } from '../helpers/cli';
import { Tmux, type PaneSize } from './tmux-pane';

const FIXTURE = new URL('../fixtures/tui/deploy.md', import.meta.url).pathname;
export const TITLE = 'TUI fixture · ';
export const SMALL: PaneSize = { columns: 80, rows: 24 };

export interface Setup {
  dir: string;
  env: Record<string, string>;
  tmux: Tmux;
  /** The pane the run is driven in. */
  drive: string;
}

const open: Setup[] = [];

export function setUp(size: PaneSize = SMALL): Setup {
  const dir = tempDir('runbook-tui-');
  copyFileSync(FIXTURE, join(dir, 'deploy.md'));
  // Built from nothing, so no CI variable reaches the screen (Ink draws nothing live in CI).
  const env = cliEnv(dir, { USER: 'tester', LANG: 'C.UTF-8', TERM: 'xterm-256color' });
  const tmux = new Tmux(dir, env, size);
  // By pane id: a split (the pager) must not take the name of the driver's pane.
  const setup = { dir, env, tmux, drive: tmux.paneId('main:0') };
  open.push(setup);
  return setup;
}

/** Ends every run's processes and removes its files: call in afterEach. */
export function tearDown(): void {
  for (const s of open.splice(0)) {
    // A migration step left waiting (its screen killed -9) ends too.
    writeFileSync(join(s.dir, 'go'), '');
    s.tmux.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
}

export const has = (text: string) => (lines: string[]) => lines.some((l) => l.includes(text));
export const all =
  (...tests: ((lines: string[]) => boolean)[]) =>
  (lines: string[]) =>
    tests.every((t) => t(lines));
export const lastLine = (lines: string[]) => lines.filter((l) => l.trim() !== '').at(-1) ?? '';

/** The step panel's text (right of the phase list's │), its rows joined: a wrapped line reads as one. */
export const panel = (lines: string[]) => lines.map((l) => l.split('│')[1]?.trim() ?? '').join(' ');

// The bottom line is the footer: the keys that apply, or how to leave a prompt or overlay.
export const FOOTER = /\? help|esc cancel|closes the help|esc back|enter dismiss|ctrl-c stop|stop \(counts as success\)/;

/**
 * Why the screen is not one whole frame, or null: every line fits the pane (none
 * wrapped), the header is on the first line and only there, the footer on the frame's
 * last line (one above the bottom: the frame is one line shorter than the pane).
 */
export function notWhole(lines: string[], size: PaneSize, title = TITLE): string | null {
  if (lines.length > size.rows) return `${lines.length} lines in a pane of ${size.rows}`;
  const wide = lines.find((l) => [...l].length > size.columns);
  if (wide !== undefined) return `a line of ${[...wide].length} columns in a pane of ${size.columns}: ${wide}`;
  const headers = lines.filter((l) => l.startsWith(title)).length;
  if (headers !== 1 || !lines[0]?.startsWith(title)) return `the header ${headers} times, first line: ${lines[0]}`;
  const bottom = lines.findLastIndex((l) => l.trim() !== '');
  if (bottom !== size.rows - 2 || !FOOTER.test(lines[bottom] ?? '')) return `no footer on line ${size.rows - 1} (the last is line ${bottom + 1}: ${lines[bottom]})`;
  const footers = lines.filter((l) => l === lines[bottom]).length;
  if (footers !== 1) return `the footer ${footers} times`;
  return null;
}

/** Waits for a whole frame that passes `test`; the frame must settle so within the deadline. */
export async function see(s: Setup, test: (lines: string[]) => boolean, what: string, target = s.drive, timeoutMs = 10_000): Promise<string[]> {
  const size = () => s.tmux.size(target);
  try {
    return await s.tmux.waitFor(target, (lines) => test(lines) && notWhole(lines, size()) === null, what, timeoutMs);
  } catch (error) {
    const lines = s.tmux.capture(target);
    const problem = test(lines) ? notWhole(lines, size()) : null;
    throw problem ? new Error(`${what}: the screen is not whole: ${problem}\n${lines.join('\n')}`) : error;
  }
}

/** One key, then the screen that shows it did something. */
export async function press(s: Setup, key: string, test: (lines: string[]) => boolean, what: string): Promise<string[]> {
  s.tmux.key(s.drive, key);
  return see(s, test, what);
}

/** Waits until the runbook process in the pane has exited (the bash prompt is back). */
export async function exited(s: Setup, target = s.drive): Promise<string[]> {
  await waitFor(() => s.tmux.commandPid(target) === null, `runbook in ${target} to exit`);
  return s.tmux.capture(target);
}

export interface ShownRun {
  state: string;
  steps: { id: string; status: string; exitCode: number | null; outputLines: number; expectation: { text: string; result: string } | null }[];
  decisions: { path: { question: string; answer: string }[]; reason: string }[];
  captures: { name: string; resultSets: { columns: string[]; rows: unknown[][] }[] }[];
  chain: { valid: boolean };
}

export async function show(s: Setup): Promise<ShownRun> {
  const result = await runCli(['show', join(s.dir, 'run.journal'), '--json'], { env: s.env });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as ShownRun;
}

export const status = (run: ShownRun, id: string) => run.steps.find((x) => x.id === id || x.id.endsWith(`/${id}`))?.status;


/** Whether a process still runs (a zombie nobody reaped has ended). */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
