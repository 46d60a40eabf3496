// A shell step whose text does not parse is never offered to run: it is shown instead, with
// the line of the error (a template with an empty `( … )`, "```" pasted into a command).
// Placeholders (`<zone_name>`) are an edit the operator makes before running, not an error:
// they are read as plain words here.

import type { Runbook, Warning } from './model';
import type { StepDraft } from './drafts';
import { shellSyntaxError } from './shell-syntax';

/** `<zone_name>`, `<commit hash>`: a word to fill in, not a redirection. */
const ANGLE_PLACEHOLDER = /(?<![<\w])<([A-Za-z][\w.:@/-]*(?: [A-Za-z][\w.:@/-]*)*)>/g;

export function fillPlaceholders(command: string): string {
  return command.replace(ANGLE_PLACEHOLDER, (_, name: string) => `PLACEHOLDER_${name.replace(/\W/g, '_')}`);
}

/** The syntax error of a command, with its line in the file; null when it parses. */
export function syntaxErrorAt(command: string, firstLine: number): Warning | null {
  const error = shellSyntaxError(fillPlaceholders(command));
  return error ? { line: firstLine + error.line - 1, message: error.message } : null;
}

export interface Unparsable {
  draft: StepDraft;
  error: Warning;
}

/**
 * Shell steps that parse stay; the others are returned, to be shown. A manual check whose
 * offered command does not parse keeps the check and loses the offer.
 */
export function judgeSyntax(drafts: StepDraft[], warnings: Warning[]): { kept: StepDraft[]; unparsable: Unparsable[] } {
  const kept: StepDraft[] = [];
  const unparsable: Unparsable[] = [];
  for (const d of drafts) {
    if (d.kind === 'shell' && d.command !== undefined) {
      const error = syntaxErrorAt(d.command, d.commandLine ?? d.line);
      if (error) {
        unparsable.push({ draft: d, error });
        warnings.push({ line: d.line, message: `does not parse as shell (line ${error.line}: ${error.message}); shown, not run — fix it, or add {display} to make it exact` });
        continue;
      }
    }
    if (d.offeredCommand !== undefined) {
      const error = syntaxErrorAt(d.offeredCommand, d.line);
      if (error) {
        warnings.push({ line: d.line, message: `the command in this check does not parse as shell (${error.message}); not offered to run` });
        const { offeredCommand: _dropped, ...rest } = d;
        kept.push(rest);
        continue;
      }
    }
    kept.push(d);
  }
  return { kept, unparsable };
}

/** What `bash -n` said of a step: its command (or the command a manual check offers) does not parse. */
export interface BashVerdict {
  step: string;
  /** 1-based line within the command. */
  line: number;
  message: string;
}

/**
 * The runbook with `bash -n`'s refusals applied, as the pure judge's are: a shell step that
 * does not parse is shown instead of run, a manual check loses the command it offered.
 */
export function withBashVerdicts(runbook: Runbook, verdicts: BashVerdict[]): Runbook {
  if (verdicts.length === 0) return runbook;
  const byStep = new Map(verdicts.map((v) => [v.step, v]));
  const warnings = [...runbook.warnings];
  const displayOnly = [...runbook.displayOnly];
  const text = [...runbook.text];
  const refused = new Map<number, string>();
  const unoffered = new Map<string, string>();
  const steps = runbook.steps.flatMap((s) => {
    const v = byStep.get(s.id);
    if (!v) return [s];
    const line = (s.commandLine ?? s.line) + v.line - 1;
    if (s.kind === 'manual') {
      warnings.push({ line: s.line, message: `the command in this check does not parse as shell (bash -n: ${v.message}); not offered to run` });
      if (s.offeredCommand) unoffered.set(s.offeredCommand, `does not parse as shell (bash -n: ${v.message}); not offered to run`);
      const { offeredCommand: _dropped, ...rest } = s;
      return [rest];
    }
    warnings.push({ line: s.line, message: `does not parse as shell (line ${line}, bash -n: ${v.message}); shown, not run — fix it, or add {display} to make it exact` });
    const lang = runbook.fences.find((f) => f.line === s.fenceLine)?.lang ?? null;
    displayOnly.push({ line: s.line, lang, label: null, text: s.command ?? '' });
    // Shown where it stands on the run screen, with the author's text.
    text.push({ kind: 'code', line: s.line, lang, text: s.command ?? '', became: 'display' });
    if (s.fenceLine !== undefined) refused.set(s.fenceLine, `does not parse as shell (line ${line}, bash -n: ${v.message}), shown, not run`);
    return [];
  });
  const fences = runbook.fences.map((f) => {
    const why = refused.get(f.line);
    if (!why) return f;
    if (steps.some((s) => s.fenceLine === f.line)) return { ...f, reason: `${f.reason}; a command ${why}` };
    // The counts of what it became no longer hold: it became nothing to run.
    return { ...f, became: 'display' as const, reason: `${f.reason.replace(/: \d+ \w+(?:, \d+ \w+)*$/, '')}; ${why}` };
  });
  const walk = steps.filter((s) => s.plan === null);
  const spans = runbook.spans.map((sp) => (sp.became === 'step' && unoffered.has(sp.text) ? { ...sp, became: 'display' as const, reason: unoffered.get(sp.text) ?? '' } : sp));
  return {
    ...runbook,
    spans,
    steps,
    phases: runbook.phases.filter((p) => walk.some((s) => s.phase === p.id)),
    plans: runbook.plans.filter((p) => steps.some((s) => s.plan === p.id)),
    displayOnly: displayOnly.sort((a, b) => a.line - b.line),
    text: text.sort((a, b) => a.line - b.line),
    fences,
    warnings: warnings.sort((a, b) => a.line - b.line),
  };
}
