// Broken and hostile runbooks, reproducibly: mutations of real checklists (byte flips,
// duplicated and lost lines, mangled fences, headings, lists, tables and front matter,
// random unicode) and random Markdown built from the dialect's own pieces.

import type { Random } from './prng';

const LANGS = ['bash', 'sh', 'shell', 'console', 'sql', 'SQL', 'yaml', 'json', 'python', 'cmd', 'text', '', 'bash {#x}', 'sql {capture=base}', 'sql {compare=base}', 'bash {timeout=1s ok-exit=0,1}', 'bash {follow tty}', 'bash {bogus=1}', 'sql {target=nowhere}', 'bash {#dup}', 'bash {at=+1h}', 'sql {key=id rules=count:delta}', 'bash {timeout=}', 'bash {#}', 'bash {{{', 'bash }'];

const UNICODE = ['\u200b', '\u200e', '\u202e', '\u0301', '\u00a0', '\ufeff', '\t', '\r', '\r\n', '🚀', '✔', '→', '𝔘𝔫𝔦', 'ﷺ', '\u2028', '\u2029', '\ud800', '\udfff', 'Ω≈ç√', '日本語', 'עברית', '\u{10ffff}', '￾'];

const HEADINGS = ['# ', '## ', '### ', '#### ', '##### ', '###### ', '####### ', '#', '## PHASE 9: ', '## Rollback Plan A: ', '### Rollback Procedure', '## Appendix ', '## Quick Reference', '## Emergency Contacts', '## Sign-off', '### 6.1 Decision Tree'];

const LINE_PIECES = [
  '- [ ] ',
  '- [x] ',
  '  - [ ] ',
  '    - [ ] ',
  '* [ ] ',
  '1. [ ] ',
  '[ ] ',
  '> ',
  '> - [ ] ',
  '| [ ] | ',
  '|---|---|',
  '| Role | Name | Signature | Date |',
  '**Result:** [ ] ',
  '**Sign-off:**',
  '- [ ] Role: ____',
  'Deploy Lead: ____',
  '**Commit SHA:** ___',
  '# Expected: ',
  '-- Expected: ',
  '# Verify: ',
  'Expected: 3 rows',
  'Expected: 5+ indexes',
  "Expected: status = 'expired'",
  'Expected: [] or {"detail": 1}',
  '+-- YES --> Rollback Plan A',
  '+-- NO --> proceed to Phase 7',
  '|   +-- MAYBE --> Phase 99',
  'Rollback IF ANY of:',
  '- Is it healthy?',
  '  - No → [Plan](#rollback-plan-a)',
  '  - Yes → [Nowhere](#missing-anchor)',
  '<!-- runbook: skip -->',
  '<!-- runbook: plan -->',
  '<!-- runbook: id=x bogus=y -->',
  '<!-- runbook: confirm=typed',
  '<pre>',
  '</pre>',
  '<details><summary>x</summary>',
  '```',
  '~~~',
  '```text',
  '$ sudo systemctl restart app',
  'SELECT * FROM t; -- Expected: 0 rows',
  "DO $$ BEGIN RAISE NOTICE 'x'; END $$;",
  "SELECT 'unterminated",
  '/* open comment',
  'rm -rf /var/lib/app',
  'DROP TABLE users;',
  '\\',
  '${commit_sha}',
  '<commit-hash>',
  '[link](#)',
  '[^1]: footnote',
  '---',
  '***',
  '    indented code',
];

const FRONT_MATTER = [
  'title: Fuzzed',
  'title: [not, a, string]',
  'targets:\n  db:\n    kind: postgres\n    url: env:DATABASE_URL',
  'targets:\n  db:\n    kind: sqlite\n    path: ./x.db\n    statement_timeout: 1s',
  'targets:\n  db:\n    kind: oracle',
  'targets:\n  db:\n    kind: postgres\n    url: postgres://u:pw@h/db',
  'targets:\n  db:\n    kind: sqlite\n    statement_timeout: forever',
  'targets: []',
  'targets:\n  - a\n  - b',
  'shell: zsh',
  'cwd: ../..',
  'env: { A: "1", "bad name": x }',
  'env: 3',
  'inputs:\n  commit_sha: { prompt: Commit SHA, pattern: "^[0-9a-f]{7,40}$" }',
  'inputs:\n  x: { pattern: "(" }',
  'inputs:\n  "bad-name": y',
  'inputs:\n  p: { secret: true, default: d, extra: 1 }',
  'unknown_key: 1',
  'title: "unclosed',
  '\ttabbed: yes',
  ': no key',
  '? complex\n: key',
  'a: &anchor 1\nb: *anchor',
  'title: !!binary aGVsbG8=',
];

function lines(text: string): string[] {
  return text.split('\n');
}

function randomUnicode(rng: Random): string {
  if (rng.chance(0.5)) return rng.pick(UNICODE);
  // Any code point, surrogates included (they become U+FFFD on disk).
  return String.fromCodePoint(rng.chance(0.8) ? rng.int(0x20, 0xffff) : rng.int(0x10000, 0x10ffff));
}

function randomWord(rng: Random): string {
  const words = ['deploy', 'rollback', 'verify', 'Phase', 'Plan', 'A', 'migration', 'triggers', 'count', 'échec', 'x', 'TODO', '____', '`ls -la`', '**bold**', '_em_', '[ ]', '|', '#', '>', '\\', '$VAR', '<pod>', 'NNN_description'];
  return Array.from({ length: rng.int(1, 6) }, () => (rng.chance(0.1) ? randomUnicode(rng) : rng.pick(words))).join(' ');
}

/** A random line from the dialect's pieces. */
function randomLine(rng: Random): string {
  switch (rng.int(0, 5)) {
    case 0:
      return `${rng.pick(HEADINGS)}${randomWord(rng)}`;
    case 1:
      return '```' + rng.pick(LANGS);
    case 2:
      return '';
    default:
      return `${' '.repeat(rng.chance(0.2) ? rng.int(1, 12) : 0)}${rng.pick(LINE_PIECES)}${rng.chance(0.7) ? randomWord(rng) : ''}`;
  }
}

type Mutation = (rng: Random, ls: string[]) => string[];

const at = (rng: Random, ls: string[]) => rng.int(0, Math.max(0, ls.length - 1));
const fenceLines = (ls: string[]) => ls.map((l, i) => (/^\s*(```|~~~)/.test(l) ? i : -1)).filter((i) => i >= 0);

const MUTATIONS: Mutation[] = [
  // Line duplication, deletion, swapping.
  (rng, ls) => {
    const i = at(rng, ls);
    return [...ls.slice(0, i), ...Array.from({ length: rng.int(1, 3) }, () => ls[i] ?? ''), ...ls.slice(i)];
  },
  (rng, ls) => {
    const i = at(rng, ls);
    return [...ls.slice(0, i), ...ls.slice(i + rng.int(1, 5))];
  },
  (rng, ls) => {
    const i = at(rng, ls);
    const j = at(rng, ls);
    const out = [...ls];
    [out[i], out[j]] = [ls[j] ?? '', ls[i] ?? ''];
    return out;
  },
  // Fences: change a language, drop or add a fence line, indent one.
  (rng, ls) => {
    const fences = fenceLines(ls);
    if (fences.length === 0) return ls;
    const i = rng.pick(fences);
    const out = [...ls];
    out[i] = (ls[i] ?? '').replace(/^(\s*)(```|~~~).*$/, (_m, sp: string, f: string) => `${sp}${rng.chance(0.2) ? (f === '```' ? '~~~' : '```') : f}${rng.pick(LANGS)}`);
    return out;
  },
  (rng, ls) => {
    const fences = fenceLines(ls);
    if (fences.length === 0 || rng.chance(0.3)) {
      const i = at(rng, ls);
      return [...ls.slice(0, i), '```' + rng.pick(LANGS), ...ls.slice(i)];
    }
    const i = rng.pick(fences);
    return [...ls.slice(0, i), ...ls.slice(i + 1)];
  },
  (rng, ls) => {
    const i = at(rng, ls);
    const out = [...ls];
    out[i] = `${' '.repeat(rng.int(1, 8))}${ls[i] ?? ''}`;
    return out;
  },
  // Headings: change the level, empty the text, insert one.
  (rng, ls) => {
    const heads = ls.map((l, i) => (/^#{1,6} /.test(l) ? i : -1)).filter((i) => i >= 0);
    const out = [...ls];
    if (heads.length > 0 && rng.chance(0.6)) {
      const i = rng.pick(heads);
      out[i] = rng.chance(0.2) ? (ls[i] ?? '').replace(/ .*$/, ' ') : (ls[i] ?? '').replace(/^#+/, '#'.repeat(rng.int(1, 7)));
      return out;
    }
    const i = at(rng, ls);
    return [...ls.slice(0, i), `${rng.pick(HEADINGS)}${randomWord(rng)}`, ...ls.slice(i)];
  },
  // Lists and tables: indent, dedent, insert items, break pipes.
  (rng, ls) => {
    const items = ls.map((l, i) => (/^\s*([-*+]|\d+\.) /.test(l) ? i : -1)).filter((i) => i >= 0);
    const out = [...ls];
    if (items.length === 0) return ls;
    const i = rng.pick(items);
    out[i] = rng.chance(0.5) ? `${' '.repeat(rng.int(1, 10))}${ls[i] ?? ''}` : (ls[i] ?? '').trimStart();
    return out;
  },
  (rng, ls) => {
    const rows = ls.map((l, i) => (l.includes('|') ? i : -1)).filter((i) => i >= 0);
    if (rows.length === 0) return ls;
    const i = rng.pick(rows);
    const out = [...ls];
    const row = ls[i] ?? '';
    const p = row.indexOf('|', rng.int(0, row.length));
    out[i] = rng.chance(0.5) && p >= 0 ? row.slice(0, p) + row.slice(p + 1) : `${row} [ ] | ${randomWord(rng)} |`;
    return out;
  },
  // Front matter: add, break, or mangle one.
  (rng, ls) => {
    const body = Array.from({ length: rng.int(1, 3) }, () => rng.pick(FRONT_MATTER)).join('\n');
    if (ls[0] === '---') {
      const end = ls.indexOf('---', 1);
      if (end > 0 && rng.chance(0.5)) return [ls[0], ...body.split('\n'), ...ls.slice(end)];
      if (end > 0 && rng.chance(0.5)) return [...ls.slice(0, end), ...ls.slice(end + 1)];
    }
    return ['---', ...body.split('\n'), ...(rng.chance(0.9) ? ['---'] : []), ...ls];
  },
  // Random dialect lines and random unicode.
  (rng, ls) => {
    const i = at(rng, ls);
    return [...ls.slice(0, i), ...Array.from({ length: rng.int(1, 4) }, () => randomLine(rng)), ...ls.slice(i)];
  },
  (rng, ls) => {
    const i = at(rng, ls);
    const line = ls[i] ?? '';
    const p = rng.int(0, line.length);
    const out = [...ls];
    out[i] = line.slice(0, p) + Array.from({ length: rng.int(1, 5) }, () => randomUnicode(rng)).join('') + line.slice(p);
    return out;
  },
];

/** A mutated copy of a runbook's text, as the bytes a file would hold. */
export function mutate(rng: Random, text: string): Buffer {
  let ls = lines(text);
  const count = rng.int(1, 6);
  for (let n = 0; n < count; n++) ls = rng.pick(MUTATIONS)(rng, ls);
  const bytes = Buffer.from(ls.join('\n'), 'utf8');
  // Now and then, raw byte flips: invalid UTF-8 and NUL bytes included.
  if (rng.chance(0.15) && bytes.length > 0) {
    for (let n = rng.int(1, 4); n > 0; n--) {
      const i = rng.int(0, bytes.length - 1);
      bytes[i] = (bytes[i] ?? 0) ^ (1 << rng.int(0, 7));
    }
  }
  return bytes;
}

/** Random Markdown from the dialect's pieces: headings, fences, lists, tables, front matter. */
export function randomMarkdown(rng: Random): Buffer {
  const out: string[] = [];
  if (rng.chance(0.3)) out.push('---', ...Array.from({ length: rng.int(1, 3) }, () => rng.pick(FRONT_MATTER)), '---');
  if (rng.chance(0.8)) out.push(`# ${randomWord(rng)}`, '');
  for (let block = rng.int(1, 25); block > 0; block--) {
    switch (rng.int(0, 4)) {
      case 0:
        out.push(`${rng.pick(HEADINGS)}${randomWord(rng)}`, '');
        break;
      case 1: {
        out.push('```' + rng.pick(LANGS));
        for (let n = rng.int(0, 6); n > 0; n--) out.push(rng.chance(0.5) ? `${rng.pick(['[ ] ', '# ', '', '$ ', '-- '])}${randomWord(rng)}` : randomLine(rng));
        if (rng.chance(0.9)) out.push('```');
        out.push('');
        break;
      }
      case 2: {
        for (let n = rng.int(1, 6); n > 0; n--) out.push(`${'  '.repeat(rng.int(0, 3))}${rng.pick(['- [ ] ', '- [x] ', '- ', '1. ', '* '])}${randomWord(rng)}`);
        out.push('');
        break;
      }
      case 3: {
        const cols = rng.int(1, 5);
        out.push(`| ${Array.from({ length: cols }, () => randomWord(rng)).join(' | ')} |`, `|${'---|'.repeat(cols)}`);
        for (let n = rng.int(0, 5); n > 0; n--) out.push(`| ${Array.from({ length: cols }, () => (rng.chance(0.4) ? '[ ]' : randomWord(rng))).join(' | ')} |`);
        out.push('');
        break;
      }
      default:
        for (let n = rng.int(1, 4); n > 0; n--) out.push(randomLine(rng));
        out.push('');
    }
  }
  return Buffer.from(out.join(rng.chance(0.1) ? '\r\n' : '\n'), 'utf8');
}
