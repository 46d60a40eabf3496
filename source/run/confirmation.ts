// Which steps need a word typed before they run, and which word: policy both front ends
// ask for through the run handle, written once here.

import { destructiveReasons, isDestructive } from '../runbook/destructive';
import type { Step } from '../runbook/model';

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
