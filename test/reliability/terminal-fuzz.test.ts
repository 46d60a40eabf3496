// Fuzz: control characters (C0, DEL, C1), escape sequences, bidi and zero-width characters
// in step text, headings, inputs, answers, step output and SQL cells (a real SQLite file),
// through every verb of the real CLI: no terminal-bound output (stdout or stderr) of
// `run --plain`, `check`, `show`, `list`, `verify` or `report` holds a raw ESC, BEL or C1
// control, nor a raw bidi or zero-width character. Seeded: the seed is printed, and
// RUNBOOK_FAULT_SEED=N replays a run.

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { drivePlain, typedWord, type Prompt } from '../e2e/plain-driver';
import { random, suiteSeed, type Random } from '../faults/support/prng';

const CASES = 6;

// Raw in the output means the terminal would obey it (ESC, BEL, C1) or draw it unseen.
// eslint-disable-next-line no-control-regex
const RAW = /[\u001b\u0007\u0080-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/u;

const SEQUENCES = [
  '\u001b[2J\u001b[H',
  '\u001b[2K\u001b[1G',
  '\u001b[1A',
  '\u001b]52;c;cm0gLXJmIH4K\u0007',
  '\u001b]0;owned\u0007',
  '\u001b]2;owned\u001b\\',
  '\u001bc',
  '\u001b[?1049h',
  '\u001bP+q\u001b\\',
  '\u009b2J',
  '\u009d0;owned\u009c',
  '\u001b[31m',
];

/** A piece of hostile text: ordinary words with controls, sequences and invisibles mixed in. */
function junk(r: Random, pieces = r.int(2, 6)): string {
  let out = '';
  for (let i = 0; i < pieces; i++) {
    switch (r.int(0, 5)) {
      case 0:
        out += r.pick(SEQUENCES);
        break;
      case 1: {
        // Any C0 control but NUL (a file holding NUL is binary), LF, and the backtick-free rest.
        const c = r.int(1, 31);
        out += c === 10 ? '\u0007' : String.fromCharCode(c);
        break;
      }
      case 2:
        out += String.fromCharCode(r.int(0x7f, 0x9f));
        break;
      case 3:
        out += r.pick(['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\ufeff']);
        break;
      default:
        out += r.pick(['deploy', 'rm -rf ~', '✔ passed', 'ok', 'Ärger', 'x']);
    }
    out += r.chance(0.5) ? ' ' : '';
  }
  return out;
}

/** Text for a Markdown line: no newline (a CR would split it), no quote or backtick. */
function inline(r: Random): string {
  return junk(r).replace(/[\r\n'`]/g, ' ');
}

/** `printf` escapes for bytes: the output carries junk as UTF-8 and some lone C1 bytes. */
function printfBytes(r: Random): string {
  const bytes = [...Buffer.from(junk(r, r.int(3, 8)), 'utf8')];
  if (r.chance(0.5)) bytes.push(r.int(0x80, 0x9f));
  bytes.push(10);
  return bytes.map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('');
}

/** An SQLite expression building a cell from code points (char() takes any). */
function sqlCell(r: Random): string {
  const points = [...junk(r, r.int(2, 5))].map((c) => c.codePointAt(0) ?? 32);
  return `char(${points.join(', ')})`;
}

function runbook(r: Random): string {
  return `---
targets:
  local:
    kind: sqlite
    path: ./cells.db
---

# Deploy ${inline(r)}

${inline(r)}

## Phase ${inline(r)}

- [ ] Confirm ${inline(r)}
- [ ] Disable chef: \`echo ${inline(r)}\`

**Release ${inline(r).replace(/[:_*]/g, ' ')}:** ____

\`\`\`bash
# ${inline(r)}
[ ] echo '${inline(r)}'; printf '${printfBytes(r)}'
# Expected: ${inline(r)}
[ ] printf '${printfBytes(r)}' >&2; printf '${printfBytes(r)}'
\`\`\`

\`\`\`sql {target=local}
SELECT ${sqlCell(r)} AS c1, '${inline(r)}' AS c2, ${sqlCell(r)} AS "c3 ${inline(r).replace(/"/g, ' ')}";
\`\`\`

### Sign-off ${inline(r)}

**Sign-off:**

- [ ] Deploy Lead ${inline(r).replace(/[:_*]/g, ' ')}: ____
`;
}

/** Answers as an operator pasting hostile text would: notes, inputs and names full of junk. */
function answerer(r: Random): (p: Prompt) => string | null {
  const noted = new Set<string>();
  return (p) => {
    const word = typedWord(p);
    if (word !== null) return word;
    const prompt = p.prompt;
    if (prompt.startsWith('Check:') || prompt.startsWith('Does the output meet')) {
      if (noted.has(p.header)) return 'y';
      noted.add(p.header);
      return `note ${inline(r)}`;
    }
    if (/^(Run|Step failed|Interrupted|Answer):/.test(prompt)) return 'y';
    if (prompt.startsWith('Sign off as')) return `Ana ${inline(r)}`;
    if (prompt.startsWith('Reason for skipping') || prompt.startsWith('New command')) return `x ${inline(r)}`;
    // An input: a value full of junk.
    return `v ${inline(r)}`;
  };
}

function expectNothingRaw(what: string, text: string): void {
  const at = text.search(RAW);
  expect(at, `${what} holds a raw ${JSON.stringify(text[at])} at ${at}: ${JSON.stringify(text.slice(Math.max(0, at - 60), at + 40))}`).toBe(-1);
}

describe('hostile characters everywhere (fuzz)', () => {
  it(`no verb writes a raw ESC, BEL, C1, bidi or zero-width character to the terminal (${CASES} seeded runbooks)`, { timeout: 240_000 }, async () => {
    const seed = suiteSeed(52_052);
    console.log(`terminal fuzz: seed ${seed} (replay with RUNBOOK_FAULT_SEED=${seed})`);
    for (let index = 0; index < CASES; index++) {
      const r = random(seed + index);
      const dir = tempDir('runbook-terminal-fuzz-');
      mkdirSync(join(dir, 'home'));
      const file = join(dir, 'hostile.md');
      writeFileSync(file, runbook(r));
      new Database(join(dir, 'cells.db')).close();
      const env = cliEnv(join(dir, 'home'));
      const journal = join(dir, 'run.runbook.sqlite');
      const where = `case ${index} (seed ${seed}, ${file})`;

      const run = await drivePlain(['run', file, '--plain', '--journal', journal, '--operator', `ana ${inline(r)}`], { env, cwd: dir, answer: answerer(r), timeoutMs: 60_000 });
      // 1 when a step failed (junk in an expectation rarely holds).
      expect([0, 1], `${where}: exit ${run.code} ${run.stderr}`).toContain(run.code);
      expect(run.answered.length, where).toBeGreaterThan(5);
      expectNothingRaw(`${where} run --plain stdout`, run.stdout);
      expectNothingRaw(`${where} run --plain stderr`, run.stderr);
      expect(existsSync(journal), where).toBe(true);

      const verbs = [
        ['check', file],
        ['check', file, '--json'],
        ['show', journal],
        ['show', journal, '--json'],
        ['list'],
        ['list', '--json'],
        ['verify', journal],
        ['report', journal],
        ['report', journal, '--format', 'json'],
      ];
      for (const args of verbs) {
        const result = await runCli(args, { env, cwd: dir });
        expect(result.code, `${where} runbook ${args.join(' ')}: ${result.stderr}`).toBe(0);
        expectNothingRaw(`${where} runbook ${args.join(' ')} stdout`, result.stdout);
        expectNothingRaw(`${where} runbook ${args.join(' ')} stderr`, result.stderr);
      }
    }
  });
});
