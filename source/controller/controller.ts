// Drives a run: the run state (run/), the executors and the journal. Private to controller/:
// the front ends hold it as a RunHandle (handle.ts), handed out by index.ts.

import { patternRefusal } from './input-pattern';
import type { Runbook, Step } from '../runbook/model';
import { settle, stepsBefore, type OffsetOf, type SettledPosition } from '../run/navigation';
import type { RunState } from '../run/state';
import { secretsIn } from '../runbook/redact-shapes';
import { judgeValue } from '../runbook/stop-conditions';
import type { OutputStream, ResolvedTarget, RunningQuery, RunningShell, ShellExecutor, SqlExecutor } from '../executors/types';
import type { RunSession } from './session';
import { shellContext, type BaseEnvironment, type CarriedContext } from './environment';
import { openPlaceholders } from '../runbook/placeholders';
import { heldSecret } from '../run/held-secret';
import { runShellStep } from './run-shell';
import { runSqlStep } from './run-sql';
import { SqlSessions } from './sql-sessions';
import { recordSignOff } from './signoff';
import { assertRecordable } from './recording';
import type { Signer, StepContext, StepResult } from './step-context';
import type { DecisionPath } from '../run/decision-tree';
import { endingAt, leaving, storeTie, type Leaving } from '../run/ending';
import { rolledBackOnLeaving, rolledBackWhenStopped } from '../run/transactions';
import { confirmationFor, type Confirmation } from '../run/confirmation';
import type { CommitSink, DrivenRun, OutputListener, OutputView, StoreView } from './handle';
import { OutputBuffer } from './output-buffer';
import { recordedOutput } from './output-view';
import { markOutlivedDone, outlivedEnded, stopOutlived } from './outlived';
import { countLocalWatchers } from '../journal/watchers';

export interface ControllerDeps {
  shell: ShellExecutor;
  openTarget: (target: ResolvedTarget) => Promise<SqlExecutor>;
  signer: Signer | null;
  now: () => Date;
  storeWatchers?: () => number;
  publisher?: CommitSink;
}

export interface ControllerOptions {
  runbook: Runbook;
  targets: ResolvedTarget[];
  base: BaseEnvironment;
  shellName: string;
  /** Secret input values given in this process (never journaled; asked again on resume). */
  secrets: Record<string, string>;
  addSecret: (value: string) => void;
}

/** What the screen keeps of the running step's output (the journal has all of it). */
const LIVE = { tailLines: 500, maxLine: 2000 };

export class RunController implements DrivenRun {
  private readonly outputListeners = new Set<OutputListener>();
  /** One SQL session per target, kept from step to step. */
  private readonly sessions: SqlSessions;
  private running: { step: string; stop: () => void; stopping: boolean } | null = null;
  /** The running step's output as this process saw it, until its end is recorded. */
  private live: { step: string; output: OutputBuffer } | null = null;
  /** What the step helpers get of the run (step-context.ts). */
  private readonly context: StepContext;

  constructor(
    private readonly session: RunSession,
    private readonly options: ControllerOptions,
    private readonly deps: ControllerDeps,
  ) {
    this.sessions = new SqlSessions(options.targets, deps.openTarget);
    this.context = this.stepContext();
    // What was committed before the run was handed here (its start, a resume's first events).
    deps.publisher?.committed(session.journal.head().seq);
  }

  get store(): StoreView | undefined {
    return this.deps.publisher;
  }

  get state(): RunState {
    return this.session.state;
  }

  get runbook(): Runbook {
    return this.options.runbook;
  }

  get journalPath(): string {
    return this.session.journal.path;
  }

  now(): Date {
    return this.deps.now();
  }

  subscribe(listener: (state: RunState) => void): () => void {
    return this.session.subscribe(listener);
  }

  step(id: string): Step | undefined {
    return this.runbook.steps.find((s) => s.id === id);
  }

  /** Who watches: on this host (markers beside the journal) and through the team store. */
  watchers(): number {
    return countLocalWatchers(this.journalPath) + (this.deps.storeWatchers?.() ?? 0);
  }

  onOutput(listener: OutputListener): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  private emitOutput(step: string, stream: OutputStream, chunk: string): void {
    if (this.live?.step === step) this.live.output.push(chunk);
    for (const l of this.outputListeners) l(step, stream, chunk);
  }

  outputLines(step: string, tail?: number): OutputView {
    if (tail !== undefined && this.live?.step === step) {
      const lines = this.live.output.tail(tail);
      return { lines, hidden: this.live.output.lineCount() - lines.length };
    }
    return recordedOutput(this.state, step, tail, (tailOf) => this.session.journal.outputLines(step, tailOf === undefined ? {} : { tail: tailOf }).map((l) => l.text));
  }

  /**
   * Where the operator stands. Settles the bookkeeping positions on the way (run/navigation
   * settle: a finished plan is left, a scheduled check reached first gets its due time),
   * committed once: Sprint 3's path into its monitoring phase schedules ~25 checks.
   */
  position(): SettledPosition {
    const { at, bookkeeping } = settle(this.state, this.deps.now(), this.offsetOf);
    if (bookkeeping.length > 0) this.session.appendAll(bookkeeping);
    return at;
  }

  /** A step's schedule offset as the runbook driven now has it (the screen settles with it too). */
  readonly offsetOf: OffsetOf = (id) => {
    const step = this.step(id);
    return step?.annotations.at ?? step?.dueAfter;
  };

  /** The word a destructive step needs typed before it runs (practised in a rehearsal), or null. */
  confirmation(step: Step, command?: string): Confirmation | null {
    return confirmationFor(this.state, step, command, this.options.targets[0]?.name);
  }

  /** The step's placeholders still to fill in: a `$VAR` set in the environment the step would start in is not one. */
  placeholders(step: Step): string[] {
    const found = step.placeholders ?? [];
    if (found.length === 0) return [];
    return openPlaceholders(found, shellContext(this.options.base, this.state, this.inputValues(), this.context.liveContext).env);
  }

  isRunning(): boolean {
    return this.running !== null;
  }

  runningStep(): Step | undefined {
    return this.running ? this.step(this.running.step) : undefined;
  }

  /** Runs a shell or sql step; in a rehearsal, records that it was not run. */
  async run(stepId: string, options: { command?: string; confirmed?: string } = {}): Promise<StepResult> {
    const step = this.step(stepId);
    if (!step) throw new Error(`no step ${stepId}`);
    if (this.running) throw new Error(`step ${this.running.step} is still running`);
    // Its process from before the runner went away still runs: never a second copy unasked.
    if (this.state.steps[stepId]?.outlived) throw new Error(`step ${stepId} is still running from before: wait for it, stop it or mark it done first`);
    if (this.state.rehearse) {
      const would = options.command ?? step.command ?? step.sql ?? '';
      // The typed confirmation practised is journaled with the step (the word, never run).
      this.session.append('step.rehearsed', { step: stepId, command: would, ...(options.confirmed !== undefined ? { confirmed: options.confirmed } : {}) });
      return { status: 'rehearsed', expectation: null, exitCode: null, message: options.confirmed !== undefined ? `confirmation "${options.confirmed}" practised · nothing ran` : 'nothing ran' };
    }
    const attempt = (this.state.steps[stepId]?.attempts ?? 0) + 1;
    const edited = options.command !== undefined && options.command !== (step.command ?? step.sql);
    const command = options.command ?? step.command ?? step.sql ?? '';
    // The front ends ask for the edit first; this is the last word.
    const held = heldSecret(step, command);
    if (held !== null) throw new Error(held);
    // A password the command itself sets (`export DB_PASSWORD=x; echo $DB_PASSWORD`) is a
    // secret before the step prints it, not only once its exports are read afterwards.
    for (const secret of secretsIn(command)) this.options.addSecret(secret);
    assertRecordable(this.session.journal);
    // Taken over from another host while this process was frozen: it runs nothing more.
    await this.session.permit.confirm();
    // The exact text that runs, always: the runbook file may change under a paused run.
    this.session.append('step.started', { step: stepId, attempt, command, ...(edited ? { original: step.command ?? step.sql ?? '' } : {}) });
    const track = (handle: RunningShell | RunningQuery) => {
      this.running = { step: stepId, stop: () => ('stop' in handle ? handle.stop() : handle.cancel()), stopping: false };
    };
    this.live = { step: stepId, output: new OutputBuffer(LIVE) };
    try {
      if (step.kind === 'sql') return await runSqlStep(this.context, step, command, track);
      return await runShellStep(this.context, step, command, track);
    } finally {
      this.running = null;
      this.live = null;
    }
  }

  /** Ctrl-C: stops the running step only (its process group, or a pg cancel). */
  stopRunning(): boolean {
    if (!this.running) return false;
    this.running.stopping = true;
    this.running.stop();
    return true;
  }

  /** A stop was asked for and the step has not ended yet. */
  isStopping(): boolean {
    return this.running?.stopping === true;
  }

  mark(step: string, status: 'passed' | 'failed' | 'done', note?: string): void {
    this.session.append('step.marked', { step, status, ...(note ? { note } : {}) });
  }

  outlivedEnded(step: string): boolean {
    return outlivedEnded(this.session, step);
  }

  stopOutlived(step: string): Promise<'terminated' | 'killed' | 'ended'> {
    return stopOutlived(this.session, step);
  }

  markOutlivedDone(step: string, note?: string): void {
    markOutlivedDone(this.session, step, note);
  }

  skip(step: string, reason: string): void {
    this.session.append('step.skipped', { step, reason });
  }

  note(step: string, text: string): void {
    this.session.append('note.added', { step, text });
  }

  focus(step: string): void {
    this.session.append('step.focused', { step });
  }

  /**
   * Validates and records an input; a secret is redacted from here on and never journaled.
   * A value that meets the condition written beside the blank (`STOP if > 0`) is recorded
   * and fails the step (the state says so); one it cannot judge (not a number) is refused.
   */
  giveInput(stepId: string, value: string): string | null {
    const step = this.step(stepId);
    const spec = step?.input;
    if (!step || !spec) throw new Error(`step ${stepId} is not an input`);
    const refused = spec.pattern ? patternRefusal(spec.prompt, spec.pattern, value) : null;
    if (refused !== null) return refused;
    const verdict = spec.stop ? judgeValue(spec.stop, value) : null;
    if (verdict?.kind === 'not-a-number') return `a number is needed (${spec.stop?.text ?? ''})`;
    if (spec.secret) {
      this.options.secrets[spec.name] = value;
      this.options.addSecret(value);
    }
    const stop = verdict?.kind === 'stop' ? { stop: spec.stop?.text ?? '' } : {};
    this.session.append('input.given', { step: stepId, name: spec.name, value: spec.secret ? '' : value, secret: spec.secret, ...stop });
    return null;
  }

  /** Input values by name, for `${name}` in commands and SQL. */
  private inputValues(): Record<string, string> {
    const values: Record<string, string> = {};
    for (const [name, input] of Object.entries(this.state.inputs)) values[name] = input.secret ? (this.options.secrets[name] ?? '') : input.value;
    return values;
  }

  async signOff(stepId: string, name: string): Promise<string | null> {
    return recordSignOff(this.context, stepId, name);
  }

  refuseSignOff(stepId: string, name: string): void {
    const step = this.step(stepId);
    this.session.append('signoff.refused', { step: stepId, role: step?.role ?? step?.title ?? '', name });
  }

  /** Records the path through a decision tree and follows its leaf. */
  decide(path: DecisionPath, reason: string, fromStep: string | null): void {
    this.session.append('decision.taken', {
      tree: path.tree,
      step: fromStep,
      path: path.answers,
      leadsTo: path.leadsTo,
      reason,
    });
    const leaf = path.leadsTo;
    if (leaf.kind === 'plan' && leaf.id) {
      this.session.append('plan.entered', { plan: leaf.id, from: fromStep, tree: path.tree });
    } else if (leaf.kind === 'phase' && leaf.id) {
      for (const s of stepsBefore(this.state, leaf.id)) this.skip(s, `decision: ${leaf.title}`);
    }
  }

  /** Opens a plan on purpose (not through the tree): `from` is null, the reason journaled with it. */
  enterPlan(plan: string, reason: string): void {
    this.session.append('plan.entered', { plan, from: null, reason });
  }


  /**
   * Leaves the run here for `reason` (quit, hangup, stopped by operator), as run/ending.ts
   * says: completed when every step is done, else paused and resumable. Returns what the
   * front end prints as it goes, and its exit code.
   */
  leave(reason: string): Leaving {
    const end = endingAt(this.position(), this.state, reason);
    // Closing the sessions rolls back what is open in them: the record says so on the step that opened it.
    const open = Object.entries(this.state.openTransactions);
    for (const [target, since] of open) this.session.append('note.added', { step: since, text: rolledBackWhenStopped(target) });
    if (end.kind === 'completed') this.session.append('run.ended', { state: 'completed' });
    else this.session.append('run.paused', { reason: end.reason });
    // The store's word as it stands now: a run gone on elsewhere is not resumed from this journal.
    const left = leaving(end, this.session.journal.path, storeTie(this.deps.publisher?.status()));
    return open.length === 0 ? left : { ...left, lines: [...open.map(([target, since]) => rolledBackOnLeaving(target, since)), ...left.lines] };
  }

  async close(): Promise<void> {
    await this.sessions.closeAll();
    this.session.close();
    await this.deps.publisher?.close();
  }

  /** The context the step helpers run in: the controller's parts, named for what a step does with them. */
  private stepContext(): StepContext {
    const { session, options, deps } = this;
    let liveContext: CarriedContext | null = null;
    return {
      get state() {
        return session.state;
      },
      step: (id) => this.step(id),
      append: (type, payload) => session.append(type, payload),
      commit: () => session.commit(),
      chainHead: () => session.chainHead(),
      journal: session.journal,
      emitOutput: (step, stream, chunk) => this.emitOutput(step, stream, chunk),
      inputValues: () => this.inputValues(),
      shell: deps.shell,
      shellName: options.shellName,
      base: options.base,
      get liveContext() {
        return liveContext;
      },
      set liveContext(context) {
        liveContext = context;
      },
      addSecret: (value) => options.addSecret(value),
      hasExecutor: (step) => this.sessions.has(step),
      executorFor: (step) => this.sessions.of(step),
      dropExecutor: (target) => this.sessions.drop(target),
      signer: deps.signer,
    };
  }
}
