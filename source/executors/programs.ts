// The programs a shell command invokes, for `check --preflight` (is each on PATH?).
// A small shell lexer: quotes, `$(…)`, backticks, here-documents and comments are
// understood well enough that arguments, data and prose are never taken for programs.

type Token = { kind: 'word'; value: string; dynamic: boolean } | { kind: 'op'; value: string };

interface Lexed {
  tokens: Token[];
  /** Bodies of `$(…)` and backticks: commands of their own. */
  substitutions: string[];
}

const OPERATORS = ['&&', '||', ';;', '|&', '&>>', '&>', '>>', '>&', '<<<', '<<-', '<<', '<&', '<>', ';', '|', '&', '(', ')', '>', '<'];
const REDIRECTIONS = new Set(['&>>', '&>', '>>', '>&', '<<<', '<<-', '<<', '<&', '<>', '>', '<']);

/** Index just past the `)` closing a `$(` / `(` opened before `i` (quotes respected). */
function closeParen(s: string, i: number): number {
  let depth = 1;
  while (i < s.length && depth > 0) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === "'") i = s.indexOf("'", i + 1) < 0 ? s.length : s.indexOf("'", i + 1);
    else if (c === '"') i = closeDouble(s, i + 1, []) - 1;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    i++;
  }
  return i;
}

/** Index just past the `"` closing a double-quoted run starting at `i`; collects substitutions. */
function closeDouble(s: string, i: number, subs: string[]): number {
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\') i += 2;
    else if (s.startsWith('$(', i) && !s.startsWith('$((', i)) {
      const end = closeParen(s, i + 2);
      subs.push(s.slice(i + 2, end - 1));
      i = end;
    } else if (s[i] === '`') {
      const end = s.indexOf('`', i + 1);
      subs.push(s.slice(i + 1, end < 0 ? s.length : end));
      i = end < 0 ? s.length : end + 1;
    } else i++;
  }
  return i + 1;
}

function lex(s: string): Lexed {
  const tokens: Token[] = [];
  const substitutions: string[] = [];
  const heredocs: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] ?? '';
    if (c === '\\' && s[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'op', value: ';' });
      i++;
      // Here-document bodies are data, not commands.
      for (const delimiter of heredocs.splice(0)) {
        for (;;) {
          const eol = s.indexOf('\n', i);
          const line = s.slice(i, eol < 0 ? s.length : eol);
          i = eol < 0 ? s.length : eol + 1;
          if (line.trim() === delimiter || eol < 0) break;
        }
      }
      continue;
    }
    if (c === '#') {
      const eol = s.indexOf('\n', i);
      i = eol < 0 ? s.length : eol;
      continue;
    }
    const fd = /^\d*/.exec(s.slice(i))?.[0] ?? '';
    const op = OPERATORS.find((o) => s.startsWith(o, i + fd.length) && (fd === '' || REDIRECTIONS.has(o)));
    if (op) {
      tokens.push({ kind: 'op', value: op });
      i += fd.length + op.length;
      if (op === '<<' || op === '<<-') {
        const m = /^[ \t]*(['"]?)([^\s'"<>;|&()]+)\1/.exec(s.slice(i));
        if (m?.[2]) heredocs.push(m[2]);
      }
      continue;
    }
    // A word: runs until whitespace or an operator, through quotes and substitutions.
    let value = '';
    let dynamic = false;
    while (i < s.length && !/[\s;&|()<>]/.test(s[i] ?? '')) {
      const ch = s[i] ?? '';
      if (ch === '\\') {
        value += s[i + 1] ?? '';
        i += 2;
      } else if (ch === "'") {
        const end = s.indexOf("'", i + 1);
        value += s.slice(i + 1, end < 0 ? s.length : end);
        i = end < 0 ? s.length : end + 1;
      } else if (ch === '"') {
        const end = closeDouble(s, i + 1, substitutions);
        const inner = s.slice(i + 1, end - 1);
        if (inner.includes('$') || inner.includes('`')) dynamic = true;
        value += inner;
        i = end;
      } else if (s.startsWith('$(', i)) {
        const end = closeParen(s, i + 2);
        if (!s.startsWith('$((', i)) substitutions.push(s.slice(i + 2, end - 1));
        dynamic = true;
        i = end;
      } else if (ch === '`') {
        const end = s.indexOf('`', i + 1);
        substitutions.push(s.slice(i + 1, end < 0 ? s.length : end));
        dynamic = true;
        i = end < 0 ? s.length : end + 1;
      } else {
        if (ch === '$') dynamic = true;
        value += ch;
        i++;
      }
    }
    tokens.push({ kind: 'word', value, dynamic });
  }
  return { tokens, substitutions };
}

// Builtins and keywords are always there: nothing to look up on PATH.
const BUILTINS = new Set(
  ('. : [ [[ alias bg bind break builtin caller cd command compgen complete continue declare dirs disown echo enable ' +
    'eval exec exit export false fc fg getopts hash help history jobs kill let local logout mapfile popd printf pushd ' +
    'pwd read readarray readonly return set shift shopt source suspend test times trap true type typeset ulimit umask ' +
    'unalias unset wait').split(' '),
);
/** Keywords after which a command follows. */
const LEAD_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', 'time', 'exec', 'builtin', 'coproc']);
const END_KEYWORDS = new Set(['fi', 'done', '}', 'esac']);
/** Programs that run another command after their options: [options taking a value, positional args before the command]. */
const WRAPPERS: Record<string, [string[], number]> = {
  sudo: [['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '-T'], 0],
  env: [['-u', '-C', '-S'], 0],
  nohup: [[], 0],
  timeout: [['-s', '-k', '--signal', '--kill-after'], 1],
  nice: [['-n'], 0],
  ionice: [['-c', '-n'], 0],
  stdbuf: [['-i', '-o', '-e'], 0],
  xargs: [['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a'], 0],
  watch: [['-n', '-d', '--interval'], 0],
  flock: [['-w', '-E'], 1],
};
const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

function collect(command: string, found: string[], depth: number): void {
  if (depth > 8) return;
  const { tokens, substitutions } = lex(command);
  const functions = new Set<string>();
  let expectCommand = true;
  let skipUntil: string | null = null;
  for (let t = 0; t < tokens.length; t++) {
    const tok = tokens[t];
    if (!tok) continue;
    if (tok.kind === 'op') {
      if (REDIRECTIONS.has(tok.value)) t++; // its target is a file, not a program
      else expectCommand = true;
      continue;
    }
    if (skipUntil !== null) {
      if (tok.value === skipUntil) skipUntil = null;
      continue;
    }
    if (!expectCommand) continue;
    const word = tok.value;
    const next = tokens[t + 1];
    if (next?.kind === 'op' && next.value === '(' && tokens[t + 2]?.kind === 'op') {
      functions.add(word); // name() { … }
      expectCommand = true;
      t += 2;
      continue;
    }
    if (ASSIGNMENT.test(word) || LEAD_KEYWORDS.has(word)) continue;
    expectCommand = false;
    if (/\s/.test(word) && !tok.dynamic) {
      collect(word, found, depth + 1); // watch 'kubectl get pods', sudo "systemctl restart x"
      continue;
    }
    if (tok.dynamic || word === '' || END_KEYWORDS.has(word) || BUILTINS.has(word) || functions.has(word)) {
      if (word === '[[') skipUntil = ']]';
      continue;
    }
    if (word === 'for' || word === 'select') continue; // its words are a list; `do` starts the body
    if (word === 'case') {
      skipUntil = 'esac';
      continue;
    }
    if (word === 'function') {
      const name = tokens[t + 1];
      if (name?.kind === 'word') functions.add(name.value);
      expectCommand = true;
      t++;
      continue;
    }
    found.push(word);
    const wrapper = WRAPPERS[word];
    if (wrapper) {
      const [valued, positional] = wrapper;
      let u = t + 1;
      let positionalLeft = positional;
      for (; u < tokens.length; u++) {
        const a = tokens[u];
        if (!a || a.kind !== 'word') break;
        if (a.value === '--') continue;
        if (a.value.startsWith('-')) {
          if (valued.includes(a.value)) u++;
          continue;
        }
        if (ASSIGNMENT.test(a.value)) continue;
        if (positionalLeft-- > 0) continue;
        break;
      }
      t = u - 1;
      expectCommand = true;
      continue;
    }
    if (SHELLS.has(word)) {
      for (let u = t + 1; tokens[u]?.kind === 'word'; u++) {
        const script = tokens[u + 1];
        if (tokens[u]?.value === '-c' && script?.kind === 'word') collect(script.value, found, depth + 1);
      }
    }
  }
  for (const sub of substitutions) collect(sub, found, depth + 1);
}

/**
 * The programs a command invokes, in order of first use: the first word of each command
 * in a list or pipeline, the command after `sudo`/`env`/`timeout`/`xargs`…, commands in
 * `$(…)` and `bash -c '…'`. Builtins, keywords, assignments, functions defined in the
 * command and words built from variables are left out. An entry holding `/` is a path.
 */
export function programsOf(command: string): string[] {
  const found: string[] = [];
  collect(command, found, 0);
  return [...new Set(found)];
}
