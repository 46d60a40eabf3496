// The ASCII decision tree as teams draw it (`+-- YES --> …`, nested questions, leaves on the
// line below), and matching a leaf's text to the heading it names ("Execute Rollback Plan A"
// → "6.2 Rollback Plan A: Database Migration").

export interface TreeQuestion {
  question: string;
  line: number;
  answers: TreeAnswer[];
}

export interface TreeAnswer {
  label: string;
  line: number;
  next: TreeQuestion | { text: string; line: number };
}

export interface HeadingRef {
  id: string;
  title: string;
  kind: 'plan' | 'phase' | 'section';
}

const BRANCH = /^([\s|│]*)(\+-+|\|-{2,}(?!>)|[├└]─+|`-+|\\-+)\s*(.*\p{L}.*)$/u;
const ARROW = /\s*(?:-->|->|=>|→|⇒)\s*/;

interface Frame {
  question: TreeQuestion;
  /** Column of the `+--` that led here: this question's answers stand to the right of it. */
  parentCol: number;
}

/** Null when the text is not a tree: no question line, or no `+--` answers under it. */
export function parseAsciiTree(text: string, firstLine: number): TreeQuestion | null {
  let root: TreeQuestion | null = null;
  const stack: Frame[] = [];
  let pending: { answer: TreeAnswer; col: number } | null = null;

  const lead = (answer: TreeAnswer, col: number, target: string, line: number) => {
    if (target.endsWith('?')) {
      const nested: TreeQuestion = { question: target, line, answers: [] };
      answer.next = nested;
      stack.push({ question: nested, parentCol: col });
    } else answer.next = { text: target, line };
  };

  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = firstLine + index;
    const content = raw.replace(/^[\s|│]*/, '').trimEnd();
    if (content === '') continue;
    const branch = BRANCH.exec(raw);
    if (branch) {
      if (!root) return null;
      const col = (branch[1] ?? '').length;
      while (stack.length > 1 && col <= (stack.at(-1)?.parentCol ?? -1)) stack.pop();
      const parent = stack.at(-1);
      if (!parent) return null;
      const rest = (branch[3] ?? '').trim();
      const arrow = ARROW.exec(rest);
      const label = (arrow ? rest.slice(0, arrow.index) : rest).replace(/:$/, '').trim();
      // Until a `-->` line says where it leads, an answer leads to its own words.
      const answer: TreeAnswer = { label, line, next: { text: label, line } };
      parent.question.answers.push(answer);
      pending = null;
      if (arrow) lead(answer, col, rest.slice(arrow.index + arrow[0].length).trim(), line);
      else pending = { answer, col };
      continue;
    }
    const arrow = ARROW.exec(content);
    if (arrow?.index === 0 && pending) {
      lead(pending.answer, pending.col, content.slice(arrow[0].length).trim(), line);
      pending = null;
    } else if (!root) {
      root = { question: content.trim(), line, answers: [] };
      stack.push({ question: root, parentCol: -1 });
    } else if (root.answers.length === 0) {
      root.question = `${root.question} ${content.trim()}`; // a question over two lines
    }
  }
  return root && root.answers.length > 0 ? root : null;
}

/**
 * The heading a leaf names, case-insensitively, on whole words ("Plan A" is not "Plan AB",
 * "Phase 7" is not "Phase 70"). A heading is known by its title and by its distinctive name:
 * the title without its section number, cut at `:` or `(`. The longest name found wins.
 */
export function matchLeaf(text: string, headings: HeadingRef[]): HeadingRef | null {
  const leaf = textToSearch(text);
  const names = headingNames(headings);
  let best: { heading: HeadingRef; length: number } | null = null;
  for (let i = 0; i < headings.length; i++) {
    const heading = headings[i] as HeadingRef;
    for (const name of names[i] ?? []) {
      if (!containsPhrase(leaf, name)) continue;
      if (!best || name.text.length > best.length || (name.text.length === best.length && rank(heading) < rank(best.heading))) {
        best = { heading, length: name.text.length };
      }
    }
  }
  if (best) return best.heading;
  // "Execute Plan A": the leaf names only the tail of "Rollback Plan A".
  const ref = /\b(plan|phase|step|procedure|option|stage)\s+([A-Za-z]|\d+(?:\.\d+)*)(?![\w.])/i.exec(text);
  if (!ref) return null;
  const phrase = phraseToFind(`${ref[1]} ${ref[2]}`);
  const found = headings.filter((h, i) => (names[i] ?? []).some((n) => containsPhrase(textToSearch(n.text), phrase)));
  return found.sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

function rank(heading: HeadingRef): number {
  return { plan: 0, phase: 1, section: 2 }[heading.kind];
}

function namesOf(title: string): string[] {
  const bare = title
    .replace(/^[^\p{L}\p{N}]+/u, '') // emoji and bullets
    .replace(/^\d+(?:\.\d+)*\.?\s+/, '') // "6.2 "
    .trim();
  const short = (bare.split(/[:(]/)[0] ?? '').trim();
  return [...new Set([bare, short])].filter((n) => n.length >= 3);
}

// Every leaf is asked about every heading name. A Unicode-aware, case-insensitive pattern
// costs about a millisecond to compile and run cold, so ASCII text (nearly every case) is
// matched by hand; anything else goes through the pattern, compiled once per phrase.
const phrasePatterns = new Map<string, RegExp>();
const NON_ASCII = /[\u0080-\uffff]/;

/** A phrase made ready to be looked for: its words as written and lower-cased. */
interface Phrase {
  text: string;
  words: string[];
  lowerWords: string[];
  ascii: boolean;
}

/** A text made ready to be searched. */
interface Searched {
  text: string;
  lower: string;
  ascii: boolean;
}

function phraseToFind(text: string): Phrase {
  const words = text.trim().split(/\s+/);
  return { text, words, lowerWords: words.map((w) => w.toLowerCase()), ascii: !NON_ASCII.test(text) };
}

function textToSearch(text: string): Searched {
  return { text, lower: text.toLowerCase(), ascii: !NON_ASCII.test(text) };
}

// The names of a list of headings, made once per list (every leaf of a runbook asks the same list).
const namesByList = new WeakMap<HeadingRef[], Phrase[][]>();

function headingNames(headings: HeadingRef[]): Phrase[][] {
  let names = namesByList.get(headings);
  if (!names) {
    names = headings.map((h) => namesOf(h.title).map(phraseToFind));
    namesByList.set(headings, names);
  }
  return names;
}

function containsPhrase(searched: Searched, phrase: Phrase): boolean {
  if (searched.ascii && phrase.ascii) return containsAsciiPhrase(searched.lower, phrase.lowerWords);
  let pattern = phrasePatterns.get(phrase.text);
  if (pattern === undefined) {
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${phrase.words.map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
    phrasePatterns.set(phrase.text, pattern);
  }
  return pattern.test(searched.text);
}

/** The words in order, separated by whitespace, not inside a longer word (lower-cased ASCII). */
function containsAsciiPhrase(text: string, words: string[]): boolean {
  const first = words[0] ?? '';
  for (let at = text.indexOf(first); at !== -1; at = text.indexOf(first, at + 1)) {
    if (isAlnum(text.charCodeAt(at - 1))) continue;
    let end = at + first.length;
    let matched = true;
    for (const word of words.slice(1)) {
      const gap = end;
      while (isSpace(text.charCodeAt(end))) end++;
      if (end === gap || !text.startsWith(word, end)) {
        matched = false;
        break;
      }
      end += word.length;
    }
    if (matched && !isAlnum(text.charCodeAt(end))) return true;
  }
  return false;
}

function isAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
