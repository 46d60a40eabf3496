// What `check` warns about in a step's command: placeholders still in it, a final grep that
// fails when it finds nothing, a command that never ends on its own.

import type { Step, Warning } from './model';
import { findPlaceholders } from './placeholders';
import { secretsIn } from './redact-shapes';
import { clientCommandProblem, clientCommands } from './client-commands';
import { lastCommand, pipelineSegments, programOf } from './shell-lines';

const GREPS = new Set(['grep', 'egrep', 'fgrep', 'rg', 'zgrep', 'ag']);

/** The command a step runs or offers. */
export function commandOf(step: Step): string | null {
  if (step.kind === 'shell') return step.command ?? null;
  if (step.kind === 'manual') return step.offeredCommand ?? null;
  return null;
}

export function placeholdersIn(command: string, inputs: string[], env: string[]): string[] {
  return findPlaceholders(command, { inputs, env });
}

/** `export NAME=` / `NAME=` at the start of a line: carried to the next steps, as in a terminal. */
export function exportedNames(command: string): string[] {
  return [...command.matchAll(/(?:^|\n|;|&&)\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1] ?? '').filter((n) => n !== '');
}

/** The pipeline of a script's last command: what decides its exit status. */
function lastPipeline(command: string): { text: string; after: string }[] {
  return pipelineSegments(lastCommand(command));
}

function endsInGrep(segments: { text: string }[]): boolean {
  const program = programOf(segments.at(-1)?.text ?? '');
  return program !== null && GREPS.has(program);
}

/** `… | head`: head exits early, and under pipefail the writer's SIGPIPE (141) fails the step. */
function endsInHead(segments: { text: string }[]): boolean {
  return segments.length > 1 && programOf(segments.at(-1)?.text ?? '') === 'head';
}

/** `tail -f`, `watch …`, `kubectl logs -f`: runs until someone stops it. */
export function followsForever(command: string): string | null {
  for (const { text } of pipelineSegments(command)) {
    const program = programOf(text);
    const words = text.trim().split(/\s+/);
    if (program === 'watch') return 'watch';
    if (program === 'tail' && words.some((w) => /^-[a-zA-Z]*[fF]$|^--follow/.test(w))) return 'tail -f';
    if ((program === 'kubectl' || program === 'docker' || program === 'docker-compose' || program === 'journalctl' || program === 'stern') && words.some((w) => w === '-f' || w === '--follow')) {
      return `${program} … -f`;
    }
  }
  return null;
}

export function commandWarnings(step: Step): Warning[] {
  const out: Warning[] = [];
  for (const p of step.placeholders ?? []) out.push({ line: step.line, message: `command still holds placeholder ${p}` });
  // Redacted from the journal, but every copy of the file (its repository, a CI log of
  // check --json) holds it. Named by count, never by value.
  const written = secretsIn([commandOf(step), step.sql].filter((t) => t).join('\n')).length;
  if (written > 0) {
    out.push({ line: step.line, message: `${written === 1 ? 'a credential is' : `${written} credentials are`} written into the runbook here; take it from the environment ($VAR, PGPASSWORD, ~/.pgpass) instead` });
  }
  if (step.kind === 'sql') {
    for (const command of clientCommands(step.statements ?? [])) out.push({ line: command.line, message: clientCommandProblem(command) });
  }
  if (step.kind !== 'shell' || !step.command) return out;
  const last = lastPipeline(step.command);
  if (!step.annotations['ok-exit'] && endsInGrep(last)) {
    out.push({ line: step.line, message: 'ends in grep: add {ok-exit=0,1} if finding nothing is fine' });
  }
  if (!step.annotations['ok-exit'] && endsInHead(last)) {
    out.push({ line: step.line, message: 'ends in head: on long output the command before it dies of SIGPIPE (exit 141) under pipefail; add {ok-exit=0,141}' });
  }
  if (step.interactive && step.annotations.tty === undefined) {
    out.push({ line: step.line, message: `interactive (${step.interactive}): run gives it the terminal; add {tty} to make it exact, or {tty=false} to run it with no input` });
  }
  const forever = followsForever(step.command);
  if (forever && !step.annotations.follow) {
    out.push({ line: step.line, message: `runs until stopped (${forever}); add {follow} to make it exact` });
  }
  return out;
}
