// resume gives the file's steps the ids their journal knows (commands/adopt-ids.ts over
// run/step-matching.ts): real Markdown parsed as the run began and as edited since.

import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../source/runbook/parse';
import { summaries } from '../../source/controller';
import { adoptJournalIds } from '../../source/commands/adopt-ids';

const parse = (commands: string[]) => parseRunbook(['# E', '', '## P', '', '```bash', ...commands.map((c) => `[ ] ${c}`), '```', ''].join('\n'), { file: 'e.md', sha256: 'x' });
const ids = (commands: string[], edited: string[]) => adoptJournalIds(parse(edited), summaries(parse(commands))).steps.map((s) => [s.id, s.command]);

describe('the journal’s ids given to an edited file’s steps', () => {
  it('a typo fixed in a command: the step keeps its id and carries the new command', () => {
    expect(ids(['echo one', 'echo two', 'echo three'], ['echo one', 'echo two fixed', 'echo three'])).toEqual([
      ['p/echo-one', 'echo one'],
      ['p/echo-two', 'echo two fixed'],
      ['p/echo-three', 'echo three'],
    ]);
  });

  it('the first of two equal steps edited: each keeps the id of its place', () => {
    expect(ids(['echo a', 'echo b', 'echo a', 'echo b'], ['echo a', 'echo b -v', 'echo a', 'echo b'])).toEqual([
      ['p/echo-a', 'echo a'],
      ['p/echo-b', 'echo b -v'],
      ['p/echo-a-2', 'echo a'],
      ['p/echo-b-2', 'echo b'],
    ]);
  });

  it('a step added and none edited: every other step keeps its id, the new one its own', () => {
    expect(ids(['echo one', 'echo two'], ['echo one', 'echo new', 'echo two'])).toEqual([
      ['p/echo-one', 'echo one'],
      ['p/echo-new', 'echo new'],
      ['p/echo-two', 'echo two'],
    ]);
  });
});
