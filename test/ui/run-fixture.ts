// A real run for the screen tests: a runbook parsed from Markdown by the real parser, a
// real journal in a temp dir, the real shell executor and a real SQLite target.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { RunController } from '../../source/controller/controller';
import { RunSession } from '../../source/controller/session';
import { loadRunbook } from '../../source/commands/load';
import { summaries } from '../../source/commands/run';
import { openTarget, resolveTargets } from '../../source/commands/targets';
import { createShellExecutor } from '../../source/executors/shell';
import { createRedactor, createStreamRedactor } from '../../source/executors/redact';
import { readIdentity } from '../../source/journal/identity';
import { Journal } from '../../source/journal/journal';
import type { RunEvent } from '../../source/run/events';

export interface TestRun {
  ctl: RunController;
  dir: string;
  journal: string;
  /** Every event committed so far, read back from the journal file. */
  events: () => RunEvent[];
  stepId: (titleIncludes: string) => string;
  close: () => Promise<void>;
}

const open: TestRun[] = [];

export function startRun(markdown: string, options: { rehearse?: boolean; prepare?: (dir: string) => void } = {}): TestRun {
  const dir = mkdtempSync(join(tmpdir(), 'runbook-ui-'));
  options.prepare?.(dir);
  const file = join(dir, 'deploy.md');
  writeFileSync(file, markdown);
  const { runbook, source } = loadRunbook(file);
  const env = { PATH: process.env.PATH, HOME: dir, USER: 'ana', TMUX: '/tmp/tmux-1000/default,1,0' };
  const targets = resolveTargets(runbook, [], env, {});
  const identity = readIdentity('ana', env);
  const redactor = createStreamRedactor(createRedactor([]));
  const journal = join(dir, 'run.journal');
  const session = RunSession.create(
    journal,
    identity,
    {
      runbook: { file: resolve(file), sha256: runbook.sha256, title: runbook.title },
      source,
      steps: summaries(runbook),
      phases: runbook.phases.map((p) => ({ id: p.id, title: p.title })),
      operator: 'ana',
      identity,
      rehearse: options.rehearse ?? false,
      targets,
      cwd: dirname(file),
    },
    redactor,
  );
  const ctl = new RunController(
    session,
    { runbook, targets, base: { process: env, runbook: runbook.frontMatter.env }, shellName: 'bash', secrets: {}, addSecret: (v) => redactor.addSecret(v) },
    { shell: createShellExecutor(), openTarget, signer: null, now: () => new Date() },
  );
  const run: TestRun = {
    ctl,
    dir,
    journal,
    events: () => {
      const reader = Journal.open(journal, { readonly: true });
      try {
        return reader.events() as RunEvent[];
      } finally {
        reader.close();
      }
    },
    stepId: (text) => {
      const step = runbook.steps.find((s) => s.title.includes(text) || (s.command ?? s.sql ?? '').includes(text));
      if (!step) throw new Error(`no step with "${text}"`);
      return step.id;
    },
    close: async () => {
      // A step still running is stopped and allowed to record its end first.
      ctl.stopRunning();
      const deadline = Date.now() + 10_000;
      while (ctl.isRunning() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await ctl.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  open.push(run);
  return run;
}

export async function closeRuns(): Promise<void> {
  for (const run of open.splice(0)) await run.close();
}

export const noHangup = { happened: () => false, subscribe: () => () => undefined };
