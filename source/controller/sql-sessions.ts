// A run's SQL sessions, one per target, kept from step to step as psql keeps its session (a
// BEGIN in one step and its COMMIT in a later one): opened at a step's first need, forgotten
// when its connection is gone (the next step connects afresh), closed with the run.

import type { Step } from '../runbook/model';
import { stepTarget } from '../runbook/step-target';
import type { ResolvedTarget, SqlExecutor } from '../executors/types';

export class SqlSessions {
  private readonly open = new Map<string, SqlExecutor>();

  constructor(
    private readonly targets: ResolvedTarget[],
    private readonly connect: (target: ResolvedTarget) => Promise<SqlExecutor>,
  ) {}

  /** Whether the step's target already has an open session (from an earlier step). */
  has(step: Step): boolean {
    const name = this.targetOf(step);
    return name !== undefined && this.open.has(name);
  }

  /** Forgets a target's session whose connection is gone. */
  drop(target: string): void {
    const executor = this.open.get(target);
    if (!executor) return;
    this.open.delete(target);
    void executor.close().catch(() => undefined);
  }

  /** The step's target's session, opened if it is not yet. */
  of(step: Step): Promise<SqlExecutor> {
    const name = this.targetOf(step);
    const target = this.targets.find((t) => t.name === name);
    if (!target) return Promise.reject(new Error(`step ${step.id}: no SQL target${name ? ` named ${name}` : ''}; add targets: to the front matter or pass --target NAME=URL`));
    const open = this.open.get(target.name);
    if (open) return Promise.resolve(open);
    return this.connect(target).then((ex) => {
      this.open.set(target.name, ex);
      return ex;
    });
  }

  /** Closing a session rolls back a transaction still open in it (the run says so as it leaves). */
  async closeAll(): Promise<void> {
    for (const ex of this.open.values()) await ex.close().catch(() => undefined);
    this.open.clear();
  }

  /** Its own `target=`, else the run's first target. */
  private targetOf(step: Step): string | undefined {
    return stepTarget(step, this.targets);
  }
}
