// Programs whose own options carry a password (secret-shapes.ts PROGRAM_CREDENTIALS):
// curl -u user:pass, mysql -pX, sshpass -p X, docker login -p X, … Each simple command is
// read once as words, so a line of many commands stays linear.

import { isNotASecret, PROGRAM_CREDENTIALS, type ProgramCredentials } from './secret-shapes';
import { TextScan, unquote, type Span, type Value } from './text-scan';

/** Told each credential found, as a program would see it (unquoted). */
export type FoundSecret = (value: string) => void;

/**
 * One reading of a text for credentials: the spans to hide, sorted and disjoint, each to
 * become one `[REDACTED]`. It reads the text the passes before it left.
 */
export type Pass = (text: string, found: FoundSecret) => Span[];

// Programs whose own options carry a password: curl -u user:pass, mysql -pX, sshpass -p X…
const BY_PROGRAM = new Map<string, ProgramCredentials[]>();
for (const rule of PROGRAM_CREDENTIALS) for (const p of rule.programs) BY_PROGRAM.set(p, [...(BY_PROGRAM.get(p) ?? []), rule]);
const PROGRAM = new RegExp(String.raw`(?<![A-Za-z0-9_.-])(${[...BY_PROGRAM.keys()].map((p) => p.replace(/[.-]/g, '\\$&')).join('|')})(?![A-Za-z0-9_.-])`, 'g');
const SEGMENT_END = new Set(['\n', ';', '|', '&']);

/** The words of one simple command, from `i` to its end (`;`, `|`, `&`, a line end). */
export function words(scan: TextScan, i: number): { words: Value[]; end: number } {
  const { text } = scan;
  const out: Value[] = [];
  let at = i;
  while (at < text.length) {
    const c = text[at] as string;
    if (SEGMENT_END.has(c)) break;
    if (c === ' ' || c === '\t' || c === '\r') {
      at++;
      continue;
    }
    const value = scan.value(at, false);
    if (!value || value.end <= at) {
      at++;
      continue;
    }
    out.push(value);
    at = value.end;
  }
  return { words: out, end: at };
}

/**
 * `htpasswd -b file user X`: the argument an option letter makes the password, read from
 * `from` up to the next program's name (so a line of program names stays linear).
 */
function batchArgument(text: string, batch: NonNullable<ProgramCredentials['batch']>, list: readonly Value[], from: number): Value | undefined {
  const args: Value[] = [];
  let on = false;
  let fewer = false;
  const isProgram = (word: Value | undefined): boolean => word !== undefined && !word.quoted && BY_PROGRAM.has(text.slice(word.inner.start, word.inner.end).replace(/^.*\//, ''));
  for (let w = from; w < list.length && !isProgram(list[w]); w++) {
    const word = list[w] as Value;
    const raw = text.slice(word.inner.start, word.inner.end);
    if (!word.quoted && /^-[A-Za-z]+$/.test(raw)) {
      on ||= raw.includes(batch.letter);
      fewer ||= raw.includes(batch.fewer);
      if (batch.valued.includes(raw.at(-1) as string) && !isProgram(list[w + 1])) w++;
      continue;
    }
    args.push(word);
  }
  return on ? args[batch.at - 1 - (fewer ? 1 : 0)] : undefined;
}

// Options that may stand between a subcommand and its arguments (`add_user -n node bob X`
// is not written; `add_user --quiet bob X` might be): a few, no more.
const OPTIONS_BETWEEN = 4;

/** The `at`-th plain argument after the subcommand at `w`, or the last: not an option, a redirection's file or a `NAME=value`. */
function argumentAfter(text: string, list: readonly Value[], w: number, at: number | 'last'): Value | undefined {
  if (at === 'last') {
    // The command ends at the `)` of the `$(…)` it stands in, too.
    let j = w + 1;
    while (j < list.length - 1 && text[(list[j] as Value).end] !== ')' && text[(list[j] as Value).end] !== '`') j++;
    const last = list[j];
    if (!last) return undefined;
    const raw = text.slice(last.inner.start, last.inner.end);
    let before = last.start;
    while (before > 0 && (text[before - 1] === ' ' || text[before - 1] === '\t')) before--;
    const plain = last.quoted || (!raw.startsWith('-') && !raw.includes('=') && text[before - 1] !== '<' && text[before - 1] !== '>');
    return plain ? last : undefined;
  }
  let seen = 0;
  for (let j = w + 1; j < list.length && j <= w + at + OPTIONS_BETWEEN; j++) {
    const word = list[j] as Value;
    const raw = text.slice(word.inner.start, word.inner.end);
    if (!word.quoted && raw.startsWith('-')) continue;
    if (!word.quoted && raw.includes('=')) return undefined;
    if (++seen === at) return word;
  }
  return undefined;
}

/**
 * Where a pass hides credentials, and how it adds one: the text from `start` to `end`, told
 * to `found` unquoted; a reference or a placeholder (`$PW`, `<password>`) is no credential.
 */
export function hiding(text: string, found: FoundSecret): { spans: Span[]; redact: (start: number, end: number) => void } {
  const spans: Span[] = [];
  const redact = (start: number, end: number): void => {
    const secret = text.slice(start, end);
    if (end <= start || isNotASecret(unquote(secret))) return;
    found(unquote(secret));
    spans.push({ start, end });
  };
  return { spans, redact };
}

export const programCredentials: Pass = (text, found) => {
  PROGRAM.lastIndex = 0;
  if (!PROGRAM.test(text)) return [];
  const scan = new TextScan(text);
  const { spans, redact } = hiding(text, found);
  /** `user:password` from `start` to `end`: the part after the separator. */
  const userPassword = (start: number, end: number, separator: string): void => {
    const at = scan.next(separator, start);
    if (at !== -1 && at < end) redact(at + 1, end);
  };
  /** One word of the command under one rule of its program; `seen` holds the words before it. */
  const apply = (rule: ProgramCredentials, word: Value, next: Value | undefined, seen: Set<string>): void => {
    const raw = text.slice(word.inner.start, word.inner.end);
    const short = rule.short;
    // `'-pX'` quoted whole is still mysql's glued -p: the shell hands it over as -pX.
    if (word.quoted) {
      if (short?.glued && !rule.after && raw.startsWith(short.flag) && raw.length > short.flag.length && !raw.startsWith('--')) redact(word.inner.start + short.flag.length, word.inner.end);
      return;
    }
    const nextValue = next && !text.startsWith('-', next.inner.start) ? next : undefined;
    const glued = next !== undefined && next.start === word.end;
    if (short && (!rule.after || seen.has(rule.after))) {
      if (raw === short.flag && glued && short.glued && next) redact(next.inner.start, next.inner.end);
      else if (raw === short.flag && short.spaced && nextValue) redact(nextValue.inner.start, nextValue.inner.end);
      else if (raw.startsWith(short.flag) && raw.length > short.flag.length && short.glued && !raw.startsWith('--')) redact(word.inner.start + short.flag.length, word.inner.end);
    }
    const setting = rule.settings;
    // The setting's own name: after `default.` or `profile.dev.`, after a registry's `//host/:`.
    if (setting && seen.has(setting.after) && nextValue && setting.names.includes(raw.replace(/^.*[.:]/, ''))) redact(nextValue.inner.start, nextValue.inner.end);
    const separator = rule.userSeparator ?? ':';
    for (const flag of rule.userPassword ?? []) {
      if (raw === flag && nextValue) userPassword(nextValue.inner.start, nextValue.inner.end, separator);
      else if (raw === flag && glued && next) userPassword(next.inner.start, next.inner.end, separator);
      else if (raw.startsWith(`${flag}=`)) userPassword(word.inner.start + flag.length + 1, word.inner.end, separator);
      else if (flag.length === 2 && raw.startsWith(flag) && raw.length > 2 && !raw.startsWith('--')) userPassword(word.inner.start + 2, word.inner.end, separator);
      else continue;
      return;
    }
  };
  PROGRAM.lastIndex = 0;
  for (let m = PROGRAM.exec(text); m; m = PROGRAM.exec(text)) {
    let rules = BY_PROGRAM.get(m[1] as string) as ProgramCredentials[];
    const { words: list, end } = words(scan, m.index + m[0].length);
    const seen = new Set<string>();
    const batch = (from: number): void => {
      for (const rule of rules) {
        const arg = rule.batch && batchArgument(text, rule.batch, list, from);
        if (arg) redact(arg.inner.start, arg.inner.end);
      }
    };
    batch(0);
    for (let w = 0; w < list.length; w++) {
      const word = list[w] as Value;
      const raw = text.slice(word.inner.start, word.inner.end);
      // `sshpass -p X mysql -pY`: the next program's options are its own.
      const other = word.quoted ? undefined : BY_PROGRAM.get(raw.replace(/^.*\//, ''));
      if (other) {
        rules = other;
        seen.clear();
        batch(w + 1);
        continue;
      }
      for (const rule of rules) {
        apply(rule, word, list[w + 1], seen);
        // A subcommand counts once a command: `openssl passwd passwd …` reads its words once.
        const asked = !word.quoted && rule.argument?.after.includes(raw) && !seen.has(raw);
        const arg = asked && rule.argument ? argumentAfter(text, list, w, rule.argument.at) : undefined;
        if (arg) redact(arg.inner.start, arg.inner.end);
      }
      if (!word.quoted) seen.add(raw);
    }
    PROGRAM.lastIndex = Math.max(PROGRAM.lastIndex, end);
  }
  spans.sort((a, b) => a.start - b.start);
  return spans.filter((s, i) => i === 0 || s.start >= (spans[i - 1] as Span).end);
};
