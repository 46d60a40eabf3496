// From what the block readers found to the Runbook: plans and phases, ids, inputs,
// decision trees with every leaf resolved, and the checks that make a runbook unusable.

import { refuseDecisionLoops } from './decision-loops';
import { DialectError, type DecisionTree, type InputSpec, type Phase, type Plan, type Runbook, type Step, type Warning } from './model';
import { patternWarnings } from './pattern-risk';
import type { Walked } from './blocks';
import type { StepDraft } from './drafts';
import { ancestors, type Section } from './sections';
import { byAnchor, namedPlans, phaseSectionOf, planOf, resolveTree, type ResolvedQuestion, type ResolveContext } from './plans';
import { assignIds, childId } from './ids';
import { slugify, snakeCase } from './slug';
import { isDestructive } from './destructive';
import { commandOf, commandWarnings, exportedNames, placeholdersIn } from './step-checks';
import { judgeSyntax } from './syntax-check';
import { fenceRecords, spanRecords } from './source-records';
import { interactiveReason } from './interactive';
import { stopConditionIn } from './stop-conditions';
import { UNCLOSED_FENCE } from './fences';
import { isSensitiveName } from './secret-shapes';
import { worthHunting } from './redact-shapes';

interface Placed {
  draft: StepDraft;
  phase: Phase | null;
  plan: Section | null;
  /** The section name written into the step (and its id). */
  section: string;
}

export function assemble(walked: Walked, file: string, sha256: string): Runbook {
  const { sections, frontMatter: fm, collected } = walked;
  const warnings: Warning[] = [...collected.warnings];
  const skipped = (s: Section) => ancestors(s).some((a) => a.annotations.skip);
  // Reference sections never execute; a sign-off stands wherever it is written.
  const keep = (d: StepDraft) => !d.annotations.skip && !skipped(d.section) && (d.kind === 'signoff' || !d.section.reference);
  let included = walked.steps.filter(keep);
  // A procedure written only as numbered items: each item is a check for the operator.
  const fallback = collected.fallback.some(keep) ? collected.fallback : collected.fallbackBullets;
  if (included.length === 0 && fallback.some(keep)) {
    included = fallback.filter(keep);
    const which = fallback === collected.fallback ? 'numbered' : 'list';
    warnings.push({ line: included[0]?.line ?? 1, message: `no task items or commands: the ${which} items are read as manual checks; write them as - [ ] items to make it exact` });
  }
  const { kept: drafts, unparsable } = judgeSyntax(included, warnings);

  const h1s = sections.filter((s) => s.depth === 1).length;
  const phaseDepth = h1s > 1 ? 1 : 2;
  const plans = namedPlans(sections, drafts);
  const ctx: ResolveContext = { sections, steps: drafts, plans, phaseDepth, warnings };
  const trees = new Map<StepDraft, ResolvedQuestion>();
  for (const d of drafts) if (d.tree) trees.set(d, resolveTree(d.tree.root, d, ctx));

  const title = fm.title ?? walked.title ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const phases = new Map<string, Phase>();
  const phaseIds = new Set<string>();
  const phaseFor = (key: string, make: () => { id: string; title: string; line: number }): Phase => {
    const known = phases.get(key);
    if (known) return known;
    const p = make();
    let id = p.id;
    for (let n = 2; phaseIds.has(id); n++) id = `${p.id}-${n}`;
    phaseIds.add(id);
    const phase = { ...p, id };
    phases.set(key, phase);
    return phase;
  };
  const phaseOfWalk = (d: StepDraft): { phase: Phase; section: string } => {
    const home = phaseSectionOf(d.section, phaseDepth);
    if (home && home.reference && d.signoffLabel) {
      const label = d.signoffLabel;
      return { phase: phaseFor(`signoff:${label.line}`, () => ({ id: slugify(label.text) || 'sign-off', title: label.text, line: label.line })), section: label.text };
    }
    if (!home) return { phase: phaseFor('preamble', () => ({ id: 'preamble', title: 'Preamble', line: d.line })), section: d.section.title || title };
    return { phase: phaseFor(`section:${home.line}`, () => ({ id: home.id, title: home.title, line: home.line })), section: d.section.title };
  };

  // Front-matter inputs no blank asks for are asked first, in the preamble.
  const inputDrafts = drafts.filter((d) => d.kind === 'input');
  const matched = (spec: InputSpec) => inputDrafts.some((d) => sameLabel(d.inputLabel ?? '', spec.prompt) || d.annotations.name === spec.name);
  const fmSection: Section = { ...walked.root, title: 'Front matter', line: fm.line, children: [] };
  const fmDrafts: StepDraft[] = fm.inputs
    .filter((spec) => !matched(spec))
    .map((spec) => ({ kind: 'input', title: spec.prompt, idText: spec.name, inputLabel: spec.prompt, line: spec.line, section: fmSection, expectation: null, estimate: null, annotations: { name: spec.name } }));

  // Walk steps place the phases; a plan step shows the phase its plan stands in, if any.
  const all = [...fmDrafts, ...drafts];
  const planned = new Map(all.map((d) => [d, d.section === fmSection ? null : planOf(d.section, plans)]));
  const walkPlaced = new Map(all.filter((d) => !planned.get(d)).map((d) => [d, phaseOfWalk(d)]));
  const placed: Placed[] = all.map((d) => {
    const plan = planned.get(d) ?? null;
    const walk = walkPlaced.get(d);
    if (walk) return { draft: d, phase: walk.phase, plan: null, section: walk.section };
    const home = phaseSectionOf(d.section, phaseDepth);
    return { draft: d, phase: (home && phases.get(`section:${home.line}`)) || null, plan, section: d.section.title };
  });
  const ordered = [...placed.filter((p) => !p.plan), ...placed.filter((p) => p.plan)];
  if (ordered.length === 0) {
    // A fence left open is shown, not run: when it held the only commands, that is why there are none.
    const open = warnings.find((w) => w.message === UNCLOSED_FENCE);
    if (open) throw new DialectError(open.line, `no steps found: ${UNCLOSED_FENCE}`);
    throw new DialectError(1, 'no steps found: no task items, checklist fences, shell or SQL fences, blanks or sign-offs');
  }

  // Ids in document order, so moving a section into a plan does not renumber anything.
  const byLine = [...placed].sort((a, b) => a.draft.line - b.draft.line);
  const ids = assignIds(
    byLine.map((p) => ({
      ...(p.draft.annotations.id !== undefined ? { explicit: p.draft.annotations.id } : {}),
      section: p.section,
      text: p.draft.idText,
      fallback: p.draft.kind,
      line: p.draft.line,
    })),
  );
  const idOf = new Map(byLine.map((p, i) => [p.draft, ids[i] ?? '']));

  const inputs = inputSpecs(ordered, fm.inputs);
  const inputNames = [...inputs.values()].map((i) => i.name);
  const env = Object.keys(fm.env);
  const exported: string[] = [];
  const steps: Step[] = ordered.map((p) => {
    const step = toStep(p, idOf.get(p.draft) ?? '', inputs.get(p.draft));
    const command = commandOf(step);
    if (step.kind === 'shell' && step.command) {
      const waits = interactiveReason(step.command);
      if (waits) step.interactive = waits;
    }
    if (command) {
      const found = placeholdersIn(command, inputNames, [...env, ...exported]);
      if (found.length > 0) step.placeholders = found;
      exported.push(...exportedNames(command));
    }
    warnings.push(...commandWarnings(step));
    return step;
  });

  // A credential set in the front matter's env: is in every copy of the file, as one in a command is.
  const writtenEnv = Object.entries(fm.env).filter(([name, value]) => isSensitiveName(name) && worthHunting(value) && !value.includes('$'));
  if (writtenEnv.length > 0) {
    warnings.push({ line: fm.line, message: `front matter env: ${writtenEnv.map(([name]) => name).join(', ')} ${writtenEnv.length === 1 ? 'is a credential' : 'are credentials'} written into the runbook; take ${writtenEnv.length === 1 ? 'it' : 'them'} from the environment instead` });
  }

  warnings.push(...patternWarnings(fm.inputs));
  checkReferences(steps, fm.targets.map((t) => t.name));
  // A link to a heading that is not there is a mistake a reader would follow into nothing.
  for (const link of collected.links) {
    if (!byAnchor(link.anchor, sections) && !collected.htmlAnchors.includes(link.anchor)) throw new DialectError(link.line, `link #${link.anchor} names no heading in this file`);
  }

  const decisions: DecisionTree[] = [];
  const taken = new Set<string>();
  for (const p of ordered) {
    const tree = trees.get(p.draft);
    const id = idOf.get(p.draft);
    if (tree && id) addTree(tree, id, id, decisions, taken);
  }
  refuseDecisionLoops(decisions, steps);

  // Sets, not a search of every step per section: thousands of sections made it quadratic.
  const walkedPhases = new Set(steps.filter((s) => s.plan === null).map((s) => s.phase));
  const plannedIn = new Set(steps.map((s) => s.plan));
  const planList: Plan[] = sections.filter((s) => plans.has(s) && plannedIn.has(s.id)).map((s) => ({ id: s.id, title: s.title, line: s.line }));
  return {
    title,
    file,
    sha256,
    frontMatter: fm,
    phases: [...phases.values()].filter((ph) => walkedPhases.has(ph.id)).sort((a, b) => a.line - b.line),
    plans: planList,
    steps,
    decisions,
    inputs: steps.flatMap((s) => (s.input ? [s.input] : [])),
    displayOnly: [...collected.displayOnly, ...unparsable.map((u) => ({ line: u.draft.line, lang: collected.fences.find((f) => f.line === u.draft.fenceLine)?.lang ?? null, label: null, text: u.draft.command ?? '' }))]
      .sort((a, b) => a.line - b.line)
      .map(({ line, lang, label, text }) => ({ line, lang, label, text })),
    reference: sections.filter((s) => s.reference && !s.parent?.reference).map((s) => ({ title: s.title, line: s.line })),
    // Read from the blocks once the steps are known (author-text.ts).
    pages: [],
    text: [],
    warnings: warnings.sort((a, b) => a.line - b.line),
    fences: fenceRecords(collected.fences, walked.steps, drafts, unparsable),
    spans: spanRecords(collected.spans, steps),
  };
}

function sameLabel(a: string, b: string): boolean {
  const norm = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return norm(a) === norm(b);
}

/** The input each input step asks: the front matter's spec where its prompt matches. */
function inputSpecs(ordered: Placed[], declared: InputSpec[]): Map<StepDraft, InputSpec> {
  const out = new Map<StepDraft, InputSpec>();
  const used = new Set<string>();
  // The last suffix given to each name: the tenth "Name: ____" does not try _2 … _9 again
  // (thousands of blanks alike made that quadratic: minutes for a file under 1 MiB).
  const suffixes = new Map<string, number>();
  for (const { draft } of ordered) {
    if (draft.kind !== 'input') continue;
    const label = draft.inputLabel ?? draft.title;
    const spec = declared.find((s) => s.name === draft.annotations.name || sameLabel(s.prompt, label));
    let name = spec?.name ?? draft.annotations.name ?? (snakeCase(label) || 'value');
    if (!spec && used.has(name)) {
      const base = snakeCase(label) || 'value';
      let n = suffixes.get(base) ?? 1;
      do name = `${base}_${++n}`;
      while (used.has(name));
      suffixes.set(base, n);
    }
    used.add(name);
    // The author's condition beside the blank (or in its label): a check on the value.
    const stop = stopConditionIn(label) ?? stopConditionIn(draft.description ?? '');
    // `Admin password: ____` is a secret by its name, as DB_PASSWORD is in the environment.
    out.set(draft, { ...(spec ?? { secret: isSensitiveName(name) }), name, prompt: spec?.prompt ?? label, line: draft.line, ...(stop ? { stop } : {}) });
  }
  return out;
}

function toStep(p: Placed, id: string, input: InputSpec | undefined): Step {
  const d = p.draft;
  const destructive =
    d.annotations.destructive ??
    (d.kind === 'shell' && d.command ? isDestructive('shell', d.command) : d.kind === 'sql' && d.sql ? isDestructive('sql', d.sql) : d.offeredCommand ? isDestructive('shell', d.offeredCommand) : false);
  const dueAfter = d.annotations.at ?? d.dueAfter;
  return {
    id,
    kind: d.kind,
    title: d.title,
    line: d.line,
    phase: p.phase?.id ?? null,
    plan: p.plan?.id ?? null,
    section: p.section,
    ...(d.description ? { description: d.description } : {}),
    ...(d.command !== undefined ? { command: d.command } : {}),
    ...(d.sql !== undefined ? { sql: d.sql, statements: d.statements ?? [] } : {}),
    expectation: d.expectation,
    estimate: d.estimate,
    ...(d.rollbackHint ? { rollbackHint: d.rollbackHint } : {}),
    destructive,
    annotations: d.annotations,
    ...(input ? { input } : {}),
    ...(d.role ? { role: d.role } : {}),
    ...(d.kind === 'decision' ? { decision: id } : {}),
    ...(d.subChecks ? { subChecks: d.subChecks } : {}),
    ...(d.offeredCommand ? { offeredCommand: d.offeredCommand } : {}),
    ...(dueAfter ? { dueAfter } : {}),
    ...(d.condition ? { condition: d.condition } : {}),
    ...(d.fenceLine !== undefined ? { fenceLine: d.fenceLine } : {}),
    ...(d.commandLine !== undefined ? { commandLine: d.commandLine } : {}),
  };
}

/** `target=` must name a front-matter target; `compare=` a `capture=` somewhere in the file. */
function checkReferences(steps: Step[], targets: string[]): void {
  const captures = new Map<string, number>();
  for (const s of steps) {
    const name = s.annotations.capture;
    if (name === undefined) continue;
    const other = captures.get(name);
    if (other !== undefined) throw new DialectError(s.line, `capture "${name}" is already defined at line ${other}`);
    captures.set(name, s.line);
  }
  for (const s of [...steps].sort((a, b) => a.line - b.line)) {
    const { target, compare } = s.annotations;
    if (target !== undefined && !targets.includes(target)) {
      throw new DialectError(s.line, targets.length === 0 ? `target "${target}" is named but the front matter declares no targets` : `target "${target}" is not one of the front matter's targets (${targets.join(', ')})`);
    }
    if (compare !== undefined && !captures.has(compare)) throw new DialectError(s.line, `compare=${compare} names no capture=${compare} in this file`);
  }
}

function addTree(q: ResolvedQuestion, id: string, step: string | null, out: DecisionTree[], taken: Set<string>): void {
  taken.add(id);
  const tree: DecisionTree = { id, step, line: q.line, question: q.question, answers: [] };
  out.push(tree);
  for (const a of q.answers) {
    if (a.next) {
      const nestedId = childId(id, a.next.question, taken);
      tree.answers.push({ label: a.label, line: a.line, leadsTo: { kind: 'question', id: nestedId, title: a.next.question } });
      addTree(a.next, nestedId, null, out, taken);
    } else tree.answers.push({ label: a.label, line: a.line, leadsTo: a.leadsTo });
  }
}
