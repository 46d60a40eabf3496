// Which steps need a word typed before they run, and which word: policy both front ends
// ask for through the run handle, written once here.

import { destructiveReasons, isDestructive } from '../runbook/destructive';
import type { Step } from '../runbook/model';
import type { RunState } from './state';

/**
 * A typed confirmation to ask. `practice`: in a rehearsal it is asked all the same (so the
 * operator practises it) and nothing runs; the word typed is journaled with the step.
 */
export interface Confirmation {
  word: string;
  reasons: string[];
  practice: boolean;
}

/** The typed confirmation a step asks in this run: the same word in a rehearsal, as practice. */
export function confirmationFor(state: RunState, step: Step, command: string | undefined, defaultTarget: string | undefined): Confirmation | null {
  const typed = typedConfirmation(step, command, defaultTarget);
  return typed ? { ...typed, practice: state.rehearse } : null;
}

/** What the prompt says: what typing the word does. */
export function confirmationAsk(c: Confirmation): string {
  return c.practice ? `Practise: type "${c.word}" (nothing runs)` : `Type "${c.word}" to run it`;
}

/**
 * The word a destructive step (or one marked `confirm=typed`) needs typed before it runs,
 * and why; null when it runs on enter. `command`: as it will run (edited, perhaps);
 * `defaultTarget`: the run's first target, for a SQL step that names none.
 */
export function typedConfirmation(step: Step, command: string | undefined, defaultTarget: string | undefined): { word: string; reasons: string[] } | null {
  const text = command ?? step.command ?? step.sql ?? '';
  const kind = step.kind === 'sql' ? 'sql' : 'shell';
  const destructive = step.annotations.destructive ?? (step.destructive || isDestructive(kind, text));
  if (!destructive && step.annotations.confirm !== 'typed') return null;
  const reasons = destructiveReasons(kind, text);
  // SQL: the target's name; shell: the word that names the danger ("rm -rf" → rm,
  // "alembic downgrade" → downgrade, "redis FLUSHALL" → flushall).
  const danger = reasons[0]?.split(/\s+/).filter((w) => /^[a-z]/i.test(w)).at(-1)?.toLowerCase();
  const word = step.kind === 'sql' ? (step.annotations.target ?? defaultTarget ?? 'yes') : (danger ?? 'yes');
  return { word, reasons };
}
