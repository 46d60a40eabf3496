// `check --json`: the stable shape documented in PRODUCT.md §2, and nothing more.

import type { Runbook, Step } from '../runbook/model';
import type { StatementsOf, TargetNeeds } from './check-needs';

function stepJson(s: Step, statementsOf: StatementsOf) {
  return {
    id: s.id,
    kind: s.kind,
    title: s.title,
    line: s.line,
    phase: s.phase,
    plan: s.plan,
    section: s.section,
    ...(s.kind === 'shell' ? { command: s.command ?? '' } : {}),
    ...(s.kind === 'sql' ? { sql: s.sql ?? '' } : {}),
    expectation: s.expectation ? { text: s.expectation.text, auto: s.expectation.auto, line: s.expectation.line } : null,
    estimate: s.estimate,
    destructive: s.destructive,
    annotations: s.annotations,
    // Added (issue 14), present only when it applies.
    ...(s.condition ? { condition: s.condition } : {}),
    ...(s.interactive ? { interactive: s.interactive } : {}),
    // Added (issue 18): what makes a destructive step so, by file line.
    ...(s.destructive ? { destructiveStatements: statementsOf(s) } : {}),
  };
}

/** `statementsOf`: each destructive step's statements (kept with the parse, or found now). */
export function checkJson(rb: Runbook, targets: TargetNeeds[], statementsOf: StatementsOf) {
  return {
    title: rb.title,
    file: rb.file,
    sha256: rb.sha256,
    phases: rb.phases.map(({ id, title, line }) => ({ id, title, line })),
    plans: rb.plans.map(({ id, title, line }) => ({ id, title, line })),
    steps: rb.steps.map((s) => stepJson(s, statementsOf)),
    decisions: rb.decisions.map((d) => ({
      id: d.id,
      step: d.step,
      line: d.line,
      question: d.question,
      answers: d.answers.map((a) => ({ label: a.label, line: a.line, leadsTo: { kind: a.leadsTo.kind, id: a.leadsTo.id, title: a.leadsTo.title } })),
    })),
    // `stop` (issue 18): the condition written beside the blank, as a check on the value.
    inputs: rb.inputs.map(({ name, prompt, secret, line, stop }) => ({ name, prompt, secret, line, stop: stop ? { text: stop.text, op: stop.op, value: stop.value } : null })),
    displayOnly: rb.displayOnly.map(({ line, lang, label }) => ({ line, lang, label })),
    reference: rb.reference.map(({ title, line }) => ({ title, line })),
    warnings: rb.warnings.map(({ line, message }) => ({ line, message })),
    // Added to the contract (issue 14): what every fence became and why, and the front-matter
    // keys that belong to someone else, read past.
    fences: (rb.fences ?? []).map(({ line, lang, became, reason }) => ({ line, lang, became, reason })),
    spans: (rb.spans ?? []).map(({ line, text, became, reason }) => ({ line, text, became, reason })),
    ignoredFrontMatter: (rb.frontMatter.ignored ?? []).map(({ key, line }) => ({ key, line })),
    // Added (issue 18): each target and what a run needs for it, as found when check ran.
    targets,
  };
}
