// Steps a team writes as conditional: "If the replica is still lagging, restart it",
// "Optionally, check each node". Shown with their condition; skipping one is not a gap.

/** The condition a step's text opens with, or null: `if the replica is still lagging`, `optional`. */
export function conditionOf(text: string): string | null {
  const t = text
    .replace(/^\s*(?:\d+[.)]\s+|[-*+]\s+)?/, '')
    .replace(/^(?:step\s+\d+\s*[-–—:.]\s*)/i, '')
    .replace(/^\*\*|\*\*$/g, '')
    .trim();
  if (/^optional(?:ly)?\b/i.test(t) || /\(optional\b/i.test(t)) return 'optional';
  const m = /^(if|only if|unless|in case)\b\s+([^,:;]+?)\s*(?:[,:;]|$|\bthen\b)/i.exec(t);
  if (!m) return null;
  return `${(m[1] ?? '').toLowerCase()} ${(m[2] ?? '').replace(/\s+/g, ' ').trim()}`;
}
