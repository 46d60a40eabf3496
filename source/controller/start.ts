// Starting a run: a new journal (locked, its first event the run as it begins) and the
// controller that drives it, handed out as a DrivenRun.

import { runbookShell } from '../runbook/default-shell';
import { resolve } from 'node:path';
import type { Runbook } from '../runbook/model';
import type { Identity } from '../journal/identity';
import type { CommitHook } from '../journal/journal';
import type { Redactor } from '../executors/redact';
import type { ResolvedTarget, ShellExecutor, SqlExecutor } from '../executors/types';
import { RunController } from './controller';
import type { CommitSink, DrivenRun } from './handle';
import { RunSession } from './session';
import type { Signer } from './step-context';
import { summaries } from './summaries';
import type { DrivingPermit } from './permit';

/** What drives a run in this process: the runbook as it is now, and the world's parts. */
export interface RunParts {
  runbook: Runbook;
  targets: ResolvedTarget[];
  /** The operator's environment: shell steps start in it (the runbook's `env:` over it). */
  env: Record<string, string | undefined>;
  /** Applied to everything journaled; it learns each secret the run is given. */
  redactor: Redactor;
  shell: ShellExecutor;
  openTarget: (target: ResolvedTarget) => Promise<SqlExecutor>;
  signer: Signer | null;
  now?: () => Date;
  /** With a team store: the run's lease (nothing is recorded once another host took the run). */
  permit?: DrivingPermit;
  /** Watchers through the team store (the header adds this host's own). */
  storeWatchers?: () => number;
  /** The team store's publisher: told of each commit (see withSink), shown in the header, closed with the run. */
  publisher?: CommitSink;
}

/** The commit hook a journal gets: the bench's, and the publisher's. */
export function withSink(onCommit: CommitHook | undefined, sink: CommitSink | undefined): CommitHook | undefined {
  if (sink === undefined) return onCommit;
  return (ms, events, chunks, seq) => {
    onCommit?.(ms, events, chunks, seq);
    sink.committed(seq);
  };
}

export interface StartRequest extends RunParts {
  /** The new journal's path (its directory is there and writable). */
  journal: string;
  identity: Identity;
  operator: string;
  /** The runbook's text as read: the journal keeps it. */
  source: string;
  rehearse: boolean;
  /** Where the first shell step starts. */
  cwd: string;
  /** Told of each journal commit (the bench's hook). */
  onCommit?: CommitHook;
}

/** Creates the journal, takes its lock and records the start of the run. */
export function startRun(request: StartRequest): DrivenRun {
  const { runbook, identity } = request;
  const session = RunSession.create(
    request.journal,
    identity,
    {
      runbook: { file: resolve(runbook.file), sha256: runbook.sha256, title: runbook.title },
      source: request.source,
      steps: summaries(runbook),
      phases: runbook.phases.map((p) => ({ id: p.id, title: p.title })),
      operator: request.operator,
      identity,
      rehearse: request.rehearse,
      targets: request.targets,
      cwd: request.cwd,
    },
    request.redactor,
    withSink(request.onCommit, request.publisher),
  );
  return drive(session, request, {});
}

/** The controller over an open session; `secrets`: secret inputs given again on resume. */
export function drive(session: RunSession, parts: RunParts, secrets: Record<string, string>): DrivenRun {
  const { runbook, redactor } = parts;
  if (parts.permit) session.permit = parts.permit;
  return new RunController(
    session,
    {
      runbook,
      targets: parts.targets,
      base: { process: parts.env, runbook: runbook.frontMatter.env },
      shellName: runbookShell(runbook.frontMatter),
      secrets,
      addSecret: (v) => redactor.addSecret(v),
    },
    {
      shell: parts.shell,
      openTarget: parts.openTarget,
      signer: parts.signer,
      now: parts.now ?? (() => new Date()),
      ...(parts.publisher ? { publisher: parts.publisher } : {}),
      ...(parts.storeWatchers ? { storeWatchers: parts.storeWatchers } : {}),
    },
  );
}
