// A runbook of independent procedures (a FAQ, "How do I …", troubleshooting) has plans and
// no walk. `run` does not walk them in order: it opens a menu of them, as a decision whose
// answers lead to the plans. Pure; `check` shows the runbook as written, without the menu.

import type { Runbook, Step } from './model';

export const MENU_ID = 'choose-a-procedure';

export function withProcedureMenu(runbook: Runbook): Runbook {
  const walk = runbook.steps.filter((s) => s.plan === null);
  if (walk.length > 0 || runbook.plans.length === 0) return runbook;
  const phase = { id: 'procedures', title: 'Procedures', line: 1 };
  const question = 'Which procedure?';
  const menu: Step = {
    id: MENU_ID,
    kind: 'decision',
    title: question,
    line: 1,
    phase: phase.id,
    plan: null,
    section: 'Procedures',
    description: `${runbook.plans.length} independent procedures: choose the one the situation needs.`,
    expectation: null,
    estimate: null,
    destructive: false,
    annotations: {},
    decision: MENU_ID,
  };
  return {
    ...runbook,
    phases: [phase],
    steps: [menu, ...runbook.steps],
    decisions: [
      {
        id: MENU_ID,
        step: MENU_ID,
        line: 1,
        question,
        answers: runbook.plans.map((p) => ({ label: p.title, line: p.line, leadsTo: { kind: 'plan' as const, id: p.id, title: p.title } })),
      },
      ...runbook.decisions,
    ],
  };
}
