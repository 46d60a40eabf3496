// A shell step whose text does not parse is never offered to run: it is shown instead, with
// the line of the error (a template with an empty `( … )`, "```" pasted into a command).
// Placeholders (`<zone_name>`) are an edit the operator makes before running, not an error:
// they are read as plain words here.

import type { Warning } from './model';
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
