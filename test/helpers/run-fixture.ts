// The one way the tests get a run: opened through the controller's front door, as
// `runbook run` and `runbook resume` open one — a runbook parsed from Markdown by the real
// parser, a real journal in a temp dir, the real shell executor, real SQLite targets.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resumeRun as resumeThrough, startRun as startThrough, type DrivenRun, type Signer } from '../../source/controller';
import { loadRunbook } from '../../source/commands/load';
import { openTarget, resolveTargets } from '../../source/commands/targets';
import { createShellExecutor } from '../../source/executors/shell';
import { createRedactor } from '../../source/executors/redact';
import { readIdentity } from '../../source/journal/identity';
import { Journal } from '../../source/journal/journal';
import type { RunEvent, RunEventMap, RunEventType } from '../../source/run/events';
import type { Runbook } from '../../source/runbook/model';

type Env = Record<string, string | undefined>;

export interface TestRun {
  /** The run's handle, as a front end holds it (and its command closes it). */
  ctl: DrivenRun;
  runbook: Runbook;
  dir: string;
  journal: string;
  /** Every event committed so far, read back from the journal file. */
  events: () => RunEvent[];
  /** The id of the step whose title or command includes the text. */
  stepId: (text: string) => string;
  /** Closes the run, then removes its directory when the fixture made it. */
  close: () => Promise<void>;
}

export interface TestRunOptions {
  /** Where the runbook and the journal live; a new temp dir (removed on close) by default. */
  dir?: string;
  /** The runbook's file name in dir. */
  file?: string;
  /** The journal's file name in dir. */
  journal?: string;
  operator?: string;
  env?: Env;
  rehearse?: boolean;
  signer?: Signer | null;
  /** Makes files the runbook needs, before it is read. */
  prepare?: (dir: string) => void;
}

const open: TestRun[] = [];

/** The operator's environment in the screen tests: ana, inside tmux. */
const ANA = (dir: string): Env => ({ PATH: process.env.PATH, HOME: dir, USER: 'ana', TMUX: '/tmp/tmux-1000/default,1,0' });

/** Starts a run of `markdown` as `runbook run` does. */
export function startRun(markdown: string, options: TestRunOptions = {}): TestRun {
  const owned = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'runbook-run-'));
  options.prepare?.(dir);
  const file = join(dir, options.file ?? 'deploy.md');
  writeFileSync(file, markdown);
  const { runbook, source } = loadRunbook(file);
  const env = options.env ?? ANA(dir);
  const rehearse = options.rehearse ?? false;
  const identity = readIdentity(options.operator ?? 'ana', env);
  const journal = join(dir, options.journal ?? 'run.journal');
  const ctl = startThrough({
    journal,
    identity,
    operator: identity.operator,
    source,
    rehearse,
    cwd: dir,
    runbook,
    targets: resolveTargets(runbook, [], env, {}, { rehearse }),
    env,
    redactor: createRedactor([]),
    shell: createShellExecutor(),
    openTarget,
    signer: options.signer ?? null,
  });
  return track({ ctl, runbook, dir, journal }, owned);
}

/** `runbook resume` of a run this process let go of: a new session, handed over when `operator` is someone else. */
export function resumeRun(run: Pick<TestRun, 'runbook' | 'dir' | 'journal'>, options: { operator?: string; env?: Env; signer?: Signer | null } = {}): TestRun {
  const env = options.env ?? ANA(run.dir);
  const redactor = createRedactor([]);
  const resuming = resumeThrough({ journal: run.journal, identity: readIdentity(options.operator ?? 'ana', env), redactor });
  resuming.begin(options.operator);
  const targets = resuming.state.targets.map((t) => ({ ...t }));
  const ctl = resuming.drive({ runbook: run.runbook, targets, env, redactor, shell: createShellExecutor(), openTarget, signer: options.signer ?? null }, {});
  return track({ ctl, runbook: run.runbook, dir: run.dir, journal: run.journal }, false);
}

/**
 * What no front end records but a journal can hold: a crash mid-step (its start, no end),
 * a run aborted by hand. Appended to the file of a run this process let go of.
 */
export function appendEvent<K extends RunEventType>(journal: string, type: K, payload: RunEventMap[K]): void {
  const file = Journal.open(journal);
  try {
    file.append(type, payload);
    file.commit();
  } finally {
    file.close();
  }
}

export function readEvents(journal: string): RunEvent[] {
  const reader = Journal.open(journal, { readonly: true });
  try {
    return reader.events() as RunEvent[];
  } finally {
    reader.close();
  }
}

function track(parts: Pick<TestRun, 'ctl' | 'runbook' | 'dir' | 'journal'>, owned: boolean): TestRun {
  const { ctl, runbook, dir, journal } = parts;
  const run: TestRun = {
    ...parts,
    events: () => readEvents(journal),
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
      if (owned) rmSync(dir, { recursive: true, force: true });
    },
  };
  open.push(run);
  return run;
}

export async function closeRuns(): Promise<void> {
  // The latest first: a resumed run before the run it resumed (whose directory goes with it).
  for (const run of open.splice(0).reverse()) await run.close();
}

export const noHangup = { happened: () => false, subscribe: () => () => undefined };
