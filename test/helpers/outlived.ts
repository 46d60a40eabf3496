// A step that outlives its runner, for the tests of `resume` on it: a real `run --plain`
// on a step `nap`, then `kill -9` of the runner alone (not the step's process group), and
// the step's processes counted in /proc by a marker in their command lines.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { cliEnv, startCli, tempDir, waitFor } from './cli';
import { readEvents } from '../faults/support/journal-file';

/** Every live process whose command line holds `marker` (the step's bash and its sleep), with its process group. */
export function markedProcesses(marker: string): { pid: number; pgid: number }[] {
  const found: { pid: number; pgid: number }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && argv.some((a) => a.includes(marker))) found.push({ pid: Number(name), pgid: Number(pgid) });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

export function processesWith(marker: string): number[] {
  return markedProcesses(marker).map((p) => p.pid);
}

const leftovers: string[] = [];

/** Ends what a test left running: call in afterEach. */
export function killLeftovers(): void {
  for (const marker of leftovers.splice(0)) {
    for (const pid of processesWith(marker)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
}

/**
 * Samples the step's processes every few milliseconds until `stop()`: the most seen at
 * once, and every process group they were in (a second copy of the step would be a group
 * of its own).
 */
export function sampleProcesses(marker: string): { stop: () => void; most: () => number; groups: () => number[] } {
  let most = 0;
  const groups = new Set<number>();
  const sample = setInterval(() => {
    const now = markedProcesses(marker);
    most = Math.max(most, now.length);
    for (const p of now) groups.add(p.pgid);
  }, 10);
  return { stop: () => clearInterval(sample), most: () => most, groups: () => [...groups] };
}

export interface Crashed {
  dir: string;
  file: string;
  journal: string;
  env: Record<string, string>;
  /** The step's processes alive when the runner died (its bash and its sleep). */
  pids: number[];
  /** The step's shell, as journaled: its process group's id. */
  shell: number;
}

/** `run --plain` until the step `nap` runs `command`, then kill -9 of the runner alone. */
export async function crashDuring(command: string, marker: string, extraEnv: Record<string, string> = {}): Promise<Crashed> {
  leftovers.push(marker);
  const dir = tempDir('runbook-outlived-');
  mkdirSync(join(dir, 'home'));
  const file = join(dir, 'outlived.md');
  writeFileSync(file, `# Outlived\n\n## Phase 1: Steps\n\n\`\`\`bash {#nap}\n${command}\n\`\`\`\n\n\`\`\`bash {#after}\necho after\n\`\`\`\n`);
  const env = cliEnv(join(dir, 'home'), extraEnv);
  const journal = join(dir, 'run.journal');
  const runner = startCli(['run', file, '--plain', '--journal', journal, '--operator', 'ana'], { env, cwd: dir });
  runner.stdout?.resume();
  runner.stderr?.resume();
  runner.stdin?.write('y\n');
  const recorded = () => {
    try {
      return readEvents(journal).some((e) => e.type === 'step.process' && e.payload.step === 'nap');
    } catch {
      return false; // still being created
    }
  };
  await waitFor(() => recorded() && processesWith(marker).length === 2, 'the step to start and its process group to be journaled');
  const pids = processesWith(marker);
  const exited = new Promise((resolve) => runner.on('close', resolve));
  runner.kill('SIGKILL');
  await exited;
  expect(processesWith(marker)).toEqual(pids);
  const shell = readEvents(journal).find((e) => e.type === 'step.process')?.payload.pid as number;
  expect(pids).toContain(shell);
  return { dir, file, journal, env, pids, shell };
}
