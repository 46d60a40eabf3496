// The shipped Kubernetes and Golden Architecture runbooks need a cluster this machine does
// not have; what can be shown for real is that a full rehearsal walks each of them to the
// end, `yes y |`-style, and runs nothing.

import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir, TEST_DATABASE_URL } from '../helpers/cli';

const RUNBOOKS = new URL('../../runbooks/', import.meta.url).pathname;

interface Shown {
  state: string;
  rehearse?: boolean;
  steps: { id: string; kind: string; status: string; exitCode: number | null; outputLines: number }[];
}

async function rehearse(name: string): Promise<{ stdout: string; code: number | null; shown: Shown }> {
  const dir = tempDir('runbook-rehearse-');
  const file = join(dir, name);
  copyFileSync(join(RUNBOOKS, name), file);
  const journal = join(dir, 'rehearsal.runbook.sqlite');
  // A rehearsal resolves the runbook's targets (it connects to none), so the URL is set.
  const env = cliEnv(dir, { DATABASE_URL: TEST_DATABASE_URL });
  const result = await runCli(['run', file, '--plain', '--rehearse', '--journal', journal, '--operator', 'rehearser'], {
    env,
    input: 'y\n'.repeat(3000),
    timeoutMs: 60_000,
  });
  const shown = await runCli(['show', journal, '--json'], { env });
  expect(shown.code, shown.stderr).toBe(0);
  return { stdout: result.stdout, code: result.code, shown: JSON.parse(shown.stdout) as Shown };
}

describe.each([
  ['standard-deployment-checklist.md', 'Solvereign – Standard Deployment Checklist'],
  ['golden-architecture-v5.1-checklist.md', 'Golden Architecture V5.1 – Deployment Checklist'],
])('a rehearsal of %s', (name, title) => {
  it('walks to the end and runs nothing', async () => {
    const { stdout, code, shown } = await rehearse(name);
    expect(code, stdout.slice(-2000)).toBe(0);
    // The line is wrapped at 80 columns when the title is long.
    expect(stdout.replace(/\s+/g, ' ')).toContain(`runbook · ${title} · REHEARSAL: nothing runs`);
    expect(stdout).toContain('Run completed');
    expect(shown.state).toBe('completed');
    const walked = shown.steps.filter((s) => s.status !== 'pending');
    expect(walked.length).toBeGreaterThan(40);
    // Nothing ran: no step has an exit code or any output.
    expect(shown.steps.filter((s) => s.exitCode !== null || s.outputLines > 0)).toEqual([]);
    const commands = shown.steps.filter((s) => s.kind === 'shell' || s.kind === 'sql');
    expect(commands.length).toBeGreaterThan(0);
    // Rehearsed, or skipped where `yes y` does not type a destructive step's word (declined, as in a real run).
    for (const s of commands) expect(['rehearsed', 'skipped', 'pending'], s.id).toContain(s.status);
    expect(commands.filter((s) => s.status === 'rehearsed').length).toBeGreaterThan(0);
  });
});
