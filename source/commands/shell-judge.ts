// `bash -n` as the last word on whether a step's shell parses: one bash process judges every
// shell step and offered command of a runbook (each in a quoted heredoc, so nothing in it is
// expanded, and `-n` runs nothing). The runbook's own tokenizer (runbook/shell-syntax.ts) has
// judged already; bash catches what it lets through. No bash at hand: the runbook stays as
// the tokenizer left it.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Runbook } from '../runbook/model';
import { fillPlaceholders, withBashVerdicts, type BashVerdict } from '../runbook/syntax-check';

const MARK = '@@runbook-judged@@';

/** Under Linux's 128 KiB limit on one argument (MAX_ARG_STRLEN), with room to spare. */
const ARGUMENT_MAX = 100_000;

type Env = Record<string, string | undefined>;

/** `env`: the command's environment, for the PATH bash is found on. */
export function judgeWithBash(runbook: Runbook, env: Env): Runbook {
  const jobs = runbook.steps.flatMap((s) => {
    const command = s.kind === 'shell' ? s.command : s.kind === 'manual' ? s.offeredCommand : undefined;
    return command ? [{ step: s.id, script: fillPlaceholders(command) }] : [];
  });
  if (jobs.length === 0) return runbook;
  const verdicts = bashVerdicts(jobs, { PATH: env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C' });
  return verdicts ? withBashVerdicts(runbook, verdicts) : runbook;
}

function bashVerdicts(jobs: { step: string; script: string }[], env: Env): BashVerdict[] | null {
  // Nearly always every step parses: one `bash -n` over them all says so in one process.
  // Only when it finds an error are the steps judged one by one, to know which.
  const all = jobs.map((j) => `${j.script}\n\n`).join('');
  // As an argument, not on stdin: bash reads a script on a pipe one byte at a time (~3–5 ms
  // of a first check for a large runbook). Linux caps one argument at 128 KiB, and an
  // argument cannot hold a NUL: past either, stdin it is.
  const inArgument = Buffer.byteLength(all) < ARGUMENT_MAX && !all.includes('\0');
  const whole = inArgument
    ? spawnSync('bash', ['--noprofile', '--norc', '-n', '-c', all], { encoding: 'utf8', timeout: 10_000, env })
    : spawnSync('bash', ['--noprofile', '--norc', '-n'], { input: all, encoding: 'utf8', timeout: 10_000, env });
  if (whole.error) return null;
  if (whole.status === 0) return [];
  return oneByOne(jobs, env);
}

function oneByOne(jobs: { step: string; script: string }[], env: Env): BashVerdict[] | null {
  let end = `RUNBOOK_${randomBytes(8).toString('hex')}`;
  while (jobs.some((j) => j.script.split('\n').includes(end))) end = `RUNBOOK_${randomBytes(8).toString('hex')}`;
  const driver = jobs.map((j) => `bash -n 2>&1 <<'${end}'\n${j.script}\n${end}\necho "${MARK} $?"\n`).join('');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-s'], { input: driver, encoding: 'utf8', timeout: 10_000, env });
  if (result.error || result.status !== 0) return null;
  const verdicts: BashVerdict[] = [];
  const blocks = result.stdout.split(new RegExp(`^${MARK} (\\d+)$`, 'm'));
  // [said, code, said, code, …, rest]
  for (let i = 0; i < jobs.length; i++) {
    const said = blocks[i * 2] ?? '';
    const code = blocks[i * 2 + 1];
    if (code === undefined) return null;
    if (code === '0') continue;
    const first = said.split('\n').find((l) => /line \d+:/.test(l)) ?? said.trim().split('\n')[0] ?? '';
    const m = /line (\d+): (.*)$/.exec(first);
    verdicts.push({ step: jobs[i]?.step ?? '', line: Number(m?.[1] ?? 1), message: (m?.[2] ?? first).trim() });
  }
  return verdicts;
}
