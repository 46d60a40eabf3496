// `check` for a person: what runbook understood of the file, in 80 columns.

import type { Expectation, Runbook, Step, StepKind } from '../runbook/model';
import { cutToWidth, drawnWidth, padToColumns } from '../run/drawn-width';
import { missingNeeds, type Need, type StatementsOf, type TargetNeeds } from './check-needs';

const WIDTH = 80;
const KIND_ORDER: StepKind[] = ['shell', 'sql', 'manual', 'input', 'signoff', 'decision'];

/** One line within the width, in terminal columns (a CJK character takes two). */
function fit(text: string, width = WIDTH): string {
  return cutToWidth(text.replace(/\s*\n\s*/g, ' '), width);
}

/** Words over as many lines as they need, each within the width. */
function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  const indentWidth = drawnWidth(indent);
  let line = indent;
  // The line's columns, kept as it grows: measured again at each word, a long paragraph cost its square.
  let lineWidth = indentWidth;
  for (const word of text.split(' ')) {
    const wordWidth = drawnWidth(word);
    if (line !== indent && lineWidth + 1 + wordWidth > WIDTH) {
      lines.push(line);
      line = indent;
      lineWidth = indentWidth;
    }
    lineWidth += line === indent ? wordWidth : 1 + wordWidth;
    line += line === indent ? word : ` ${word}`;
  }
  if (line !== indent) lines.push(line);
  return lines.map((l) => fit(l));
}

/** `L705  `: a column for lines up to 9999, and a space after a longer one, never `L12345Title`. */
function at(line: number): string {
  return `${`L${line}`.padEnd(5)} `;
}

/** `9 shell, 2 sql, 6 manual` */
function countsByKind(steps: Step[]): string {
  return KIND_ORDER.map((k) => [k, steps.filter((s) => s.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
}

/** Steps by a key, in their order: one pass, where a filter per phase was quadratic. */
function groupBy<K>(steps: Step[], key: (s: Step) => K): Map<K, Step[]> {
  const groups = new Map<K, Step[]>();
  for (const s of steps) {
    const group = groups.get(key(s));
    if (group) group.push(s);
    else groups.set(key(s), [s]);
  }
  return groups;
}

/** Title left, counts right, within the width. */
function row(prefix: string, title: string, right: string): string {
  const room = WIDTH - drawnWidth(prefix) - drawnWidth(right) - 2;
  const t = drawnWidth(title) <= room ? padToColumns(title, room) : cutToWidth(title, Math.max(room, 9));
  return fit(`${prefix}${t}  ${right}`);
}

/** Every expectation a step holds: its statements' for SQL, else its own. */
export function expectationsOf(step: Step): Expectation[] {
  if (step.kind === 'sql') return (step.statements ?? []).flatMap((st) => (st.expectation ? [st.expectation] : []));
  return step.expectation ? [step.expectation] : [];
}

function needText(n: Need): string {
  const state = n.ready === null ? '' : n.ready ? ' ✔' : n.kind === 'env' ? ' ✘ not set' : ' ✘ missing';
  switch (n.kind) {
    case 'env':
      return `env ${n.name}${state}`;
    case 'file':
      return `file ${n.name}${state}`;
    case 'profile':
      return `profile ${n.name} (in the config)`;
    case 'url':
      return n.name;
    default: {
      const never: never = n.kind;
      return String(never);
    }
  }
}

function targetLines(rb: Runbook, targets: TargetNeeds[]): string[] {
  const sql = rb.steps.filter((s) => s.kind === 'sql').length;
  if (targets.length === 0) return ['', sql > 0 ? fit(`Targets: none — ${sql} sql steps need --target NAME=URL`) : 'Targets: none'];
  const out = ['', `Targets (${targets.length}) — what a run needs`];
  for (const t of targets) {
    const uses = `${t.steps} sql step${t.steps === 1 ? '' : 's'}${t.default ? ' (the default target)' : ''}`;
    out.push(fit(`  ${t.name} · ${t.kind} · ${uses}`));
    out.push(fit(`      needs ${t.needs.map(needText).join(', ') || 'a url or path (none given)'}`));
  }
  return out;
}

/** Each destructive step by the statements that make it so (its title alone can be a comment). */
function destructiveLines(rb: Runbook, statementsOf: StatementsOf): string[] {
  const destructive = rb.steps.filter((s) => s.destructive);
  if (destructive.length === 0) return [];
  const out = ['', `Destructive (typed confirmation): ${destructive.length}`];
  for (const s of destructive) {
    const statements = statementsOf(s);
    if (statements.length === 0) out.push(fit(`  ${at(s.line)}${s.annotations.confirm === 'typed' || s.annotations.destructive ? 'annotated' : 'destructive'} · ${s.title}`));
    for (const d of statements) {
      // Wrapped, not cut (up to three lines): the statement is what the operator will confirm.
      const lines = wrap(`${d.reason} · ${d.text}`, ' '.repeat(8));
      const shown = lines.slice(0, 3).map((l, i) => (i === 0 ? `  ${at(d.line)}${l.trimStart()}` : l));
      if (lines.length > 3) shown[2] = fit(`${shown[2] ?? ''} …`);
      out.push(...shown);
    }
  }
  return out;
}

/**
 * `targets`: what each target needs, as found now (targetNeeds); `statementsOf`: each
 * destructive step's statements; `preflight`: the run asked for it already.
 */
export function formatCheck(rb: Runbook, targets: TargetNeeds[], statementsOf: StatementsOf, options: { preflight?: boolean } = {}): string {
  const out: string[] = [];
  const walk = rb.steps.filter((s) => s.plan === null);
  const planned = rb.steps.length - walk.length;
  out.push(fit(rb.title));
  out.push(fit(rb.file));
  out.push(fit(`sha256 ${rb.sha256.slice(0, 16)} · ${walk.length} steps in the walk, ${planned} in ${rb.plans.length} plans`));
  const ignored = rb.frontMatter.ignored ?? [];
  if (ignored.length > 0) out.push('', `Front matter for other tools, not read (${ignored.length})`, ...wrap(ignored.map((k) => k.key).join(', '), '  '));

  out.push('', `Phases (${rb.phases.length})`);
  const byPhase = groupBy(walk, (s) => s.phase);
  for (const p of rb.phases) out.push(row(`  ${at(p.line)}`, p.title, countsByKind(byPhase.get(p.id) ?? [])));

  if (rb.plans.length > 0) {
    out.push('', `Plans (${rb.plans.length}) — run only when chosen`);
    const byPlan = groupBy(rb.steps, (s) => s.plan);
    for (const p of rb.plans) out.push(row(`  ${at(p.line)}`, p.title, countsByKind(byPlan.get(p.id) ?? [])));
  }

  if (rb.decisions.length > 0) {
    out.push('', 'Decisions');
    for (const d of rb.decisions) {
      out.push(fit(`  ${at(d.line)}${d.question}`));
      for (const a of d.answers) out.push(fit(`          ${a.label} → ${a.leadsTo.kind === 'text' ? '' : `${a.leadsTo.kind} `}${a.leadsTo.title}`));
    }
  }

  const baselines = rb.steps.filter((s) => s.annotations.capture || s.annotations.compare);
  out.push('', baselines.length > 0 ? 'Captures and compares' : 'Captures and compares: none');
  for (const s of baselines) {
    const what = s.annotations.capture ? `capture ${s.annotations.capture}` : `compare ${s.annotations.compare ?? ''}`;
    out.push(fit(`  ${at(s.line)}${what.padEnd(22)} ${s.title}`));
  }

  out.push(...targetLines(rb, targets));

  out.push('', rb.inputs.length > 0 ? `Inputs (${rb.inputs.length}) — asked during the run` : 'Inputs: none');
  for (const i of rb.inputs) out.push(fit(`  ${at(i.line)}\${${i.name}}`.padEnd(34) + ` ${i.prompt}${i.secret ? '  (secret)' : ''}${i.stop ? `  (checked: ${i.stop.text})` : ''}`));

  const expectations = rb.steps.flatMap((s) => expectationsOf(s).map((e) => ({ e, s })));
  const manual = expectations.filter(({ e }) => !e.auto);
  out.push('', `Expectations: ${expectations.length - manual.length} automatic, ${manual.length} for the operator to judge`);
  for (const { e } of manual) out.push(fit(`  ${at(e.line)}${e.text}`));

  const conditional = rb.steps.filter((s) => s.condition);
  if (conditional.length > 0) {
    out.push('', `Conditional (skipping one is no gap): ${conditional.length}`);
    for (const s of conditional) out.push(fit(`  ${at(s.line)}${s.condition === 'optional' ? 'optional' : s.condition ?? ''} · ${s.title}`));
  }

  out.push(...destructiveLines(rb, statementsOf));

  if (rb.reference.length > 0) {
    out.push('', 'Reference (shown, never run)');
    for (const r of rb.reference) out.push(fit(`  ${at(r.line)}${r.title}`));
  }
  if (rb.displayOnly.length > 0) {
    out.push('', 'Display only');
    for (const d of rb.displayOnly) {
      const first = d.text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
      out.push(fit(`  ${at(d.line)}${(d.lang ?? '—').padEnd(8)}${d.label ? `${d.label}: ` : ''}${first}`));
    }
  }

  const fences = rb.fences ?? [];
  if (fences.length > 0) {
    const became = (['step', 'display', 'output', 'config', 'reference'] as const).map((b) => [b, fences.filter((f) => f.became === b).length] as const).filter(([, n]) => n > 0);
    out.push('', fit(`Fences (${fences.length}): ${became.map(([b, n]) => `${n} ${b}`).join(', ')}`));
    for (const f of fences) out.push(fit(`  ${at(f.line)}${(f.lang ?? '—').padEnd(8)} ${f.became.padEnd(9)} ${f.reason}`));
  }

  const spans = rb.spans ?? [];
  if (spans.length > 0) {
    const offered = spans.filter((s) => s.became === 'step').length;
    out.push('', fit(`Commands in the text (${spans.length}): ${offered} offered by checks, ${spans.length - offered} shown, not run`));
    for (const s of spans.filter((x) => x.became !== 'step')) out.push(fit(`  ${at(s.line)}${s.became.padEnd(9)} ${s.text}`));
  }

  out.push('', rb.warnings.length > 0 ? `Warnings (${rb.warnings.length})` : 'Warnings: none');
  for (const w of rb.warnings) out.push(`${rb.file}:${w.line}: ${w.message}`);
  const missing = missingNeeds(rb, targets);
  if (missing.length > 0 && !options.preflight) {
    out.push('', ...wrap(`Missing for a run: ${missing.join('; ')}.`, ''));
    // The command whole on its own line, to copy (a long path is never cut).
    const file = /^[\w@%+=:,./-]+$/.test(rb.file) ? rb.file : `'${rb.file.replace(/'/g, `'\\''`)}'`;
    out.push('Try what a run needs (targets connect, programs on PATH, journal) with:', `  runbook check ${file} --preflight`);
  }
  return out.join('\n') + '\n';
}
