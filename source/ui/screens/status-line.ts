// The lines above the footer: a prompt, or what just happened and what a key does about it.
// A key's words only while the run screen has the keys: under an overlay (b, d, P, a
// resumed run's changes) enter and the rest are the overlay's and its own hint says what
// they do, so "enter: next step" there, where enter shows a table, would lie.

import type { Prompt, ScreenState } from './screen-state';
import { fit, wrap } from '../text';

/** Most rows a message takes above the footer; a longer one is cut on its last. */
const MESSAGE_ROWS = 3;

export type StatusLine = { kind: 'prompt'; prompt: Prompt } | { kind: 'line'; text: string; tone: 'ok' | 'bad' | 'info' | 'warn' } | null;

/** The first line of a prompt that only says what the keys do: the verdict it is about. */
export function failedText(message: string | null): string {
  return `✘ The step failed${message ? `: ${message}` : ''}`;
}

export function judgeText(expectation: string): string {
  return `? Expected: ${expectation}`;
}

export function statusLine(screen: ScreenState): StatusLine {
  const overlay = screen.overlay?.kind ?? null;
  const prompt = screen.prompt;
  if (prompt) {
    // A prompt typed in (a reason, a value) is asked under an overlay too.
    if ((prompt.kind !== 'failed' && prompt.kind !== 'judge') || overlay === null) return { kind: 'prompt', prompt };
    // The help needs every line it can get; under the others, the verdict without the keys.
    if (overlay === 'help') return null;
    return prompt.kind === 'failed' ? { kind: 'line', text: failedText(prompt.message), tone: 'bad' } : { kind: 'line', text: judgeText(prompt.expectation), tone: 'warn' };
  }
  if (!screen.message || overlay === 'help') return null;
  const { text, tone, keys } = screen.message;
  return { kind: 'line', text: overlay === null && keys ? `${text} · ${keys}` : text, tone };
}

/** A message's rows at `width`: wrapped, not cut at the edge (why a sign-off is not SSH-signed, and what to do). */
export function messageRows(text: string, width: number): string[] {
  const rows = wrap(text, width);
  if (rows.length <= MESSAGE_ROWS) return rows;
  return [...rows.slice(0, MESSAGE_ROWS - 1), fit(rows.slice(MESSAGE_ROWS - 1).join(''), width)];
}
