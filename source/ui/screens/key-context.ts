// The KeyContext of the screen now: which keys apply and what they are called.

import type { Runbook } from '../../runbook/model';
import type { RunState } from '../../run/state';
import { isOpen } from '../../run/step-status';
import type { KeyContext } from '../key-bindings';
import { panelKey, type ScreenState } from './screen-state';

export function keyContext(args: { state: RunState; runbook: Runbook; screen: ScreenState; step: string | null; readOnly: boolean }): KeyContext {
  const { state, runbook, screen, readOnly } = args;
  // An information page on screen: no step's keys apply.
  const id = screen.page !== null ? null : args.step;
  const key = panelKey(screen, id);
  const summary = state.summaries.find((s) => s.id === id);
  const st = id ? state.steps[id] : undefined;
  const judging = screen.prompt?.kind === 'judge' && screen.prompt.step === id;
  // A finished step chosen on screen (it just ran, or the operator moved to it); while its
  // prose expectation waits for p/f, enter does not move on.
  const reviewing = !readOnly && screen.running === null && screen.selected === id && st !== undefined && !isOpen(st.status) && !judging && screen.prompt?.kind !== 'failed';
  return {
    readOnly,
    rehearsal: state.rehearse,
    running: screen.running !== null,
    follow: screen.running?.follow ?? false,
    step:
      summary && st
        ? {
            kind: summary.kind,
            status: st.status,
            offersCommand: Boolean(runbook.steps.find((s) => s.id === summary.id)?.offeredCommand),
            awaitsJudgment: st.expectation?.result === 'manual' || judging,
            hasOutput: st.outputLines > 0 || st.status === 'running',
            outlived: st.outlived,
          }
        : null,
    waiting: screen.waiting !== null && screen.waiting === id,
    afterFailure: screen.prompt?.kind === 'failed',
    reviewing,
    hasDecisionTree: runbook.decisions.length > 0,
    hasPlans: runbook.plans.length > 0,
    hasBaselines: Object.keys(state.captures).length > 0 || state.comparisons.length > 0,
    page: screen.page !== null,
    panel: key !== null && screen.expanded?.step === key ? 'expanded' : key !== null && screen.panel.step === key && screen.panel.cut ? 'cut' : 'whole',
  };
}
