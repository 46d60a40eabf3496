// `Label: ____` blanks (three or more underscores): values the operator fills in.

export interface Blank {
  label: string;
  /** Text after the last blank on the line: `(STOP if > 0)`. */
  rest: string;
}

/** The blanks on one line, markup (`**`, `- `, `# `, `[ ] `) ignored. */
export function blanksOn(text: string): Blank[] {
  const clean = text
    .replace(/\*\*/g, '')
    .replace(/^\s*(?:[-*+]|\d+[.)]|#+|--|\/\/)\s+/, '')
    .replace(/^\s*\[[ xX]\]\s+/, '');
  const out: Blank[] = [];
  // Most lines hold no blank: the Unicode-aware pattern is not run on them.
  if (!clean.includes('___')) return out;
  const re = /([\p{L}\p{N}][^:\n]*?)\s*:\s*_{3,}/gu;
  let end = 0;
  for (let m = re.exec(clean); m; m = re.exec(clean)) {
    out.push({ label: (m[1] ?? '').trim(), rest: '' });
    end = m.index + m[0].length;
  }
  const last = out.at(-1);
  if (last) last.rest = clean.slice(end).replace(/^_+/, '').trim();
  return out;
}

export function hasBlank(text: string): boolean {
  return blanksOn(text).length > 0;
}
