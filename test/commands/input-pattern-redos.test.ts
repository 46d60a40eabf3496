// An input's `pattern=` is the author's regular expression, run on what the operator types.
// A catastrophic one (`(a+)+$`) froze the runner on a typed value for longer than the
// universe has left: no prompt came back, and Ctrl-C was all there was. A match that takes
// too long now refuses the value in one line that blames the pattern, and the runner asks
// again. The real CLI, piped answers, a real journal.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnv, runCli, tempDir } from '../helpers/cli';
import { readEvents } from '../faults/support/journal-file';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const runbook = ['---', 'inputs:', '  tag: { prompt: Release tag, pattern: "^(a+)+$" }', '---', '# R', '', '## P', '', 'Release tag: ____', ''];

describe('an input whose pattern backtracks catastrophically', () => {
  it('refuses a value it cannot judge in time, says the pattern is at fault, and asks again', async () => {
    dir = tempDir('rb-redos-');
    const file = join(dir, 'r.md');
    const journal = join(dir, 'j.sqlite');
    writeFileSync(file, runbook.join('\n'));
    const started = Date.now();
    const run = await runCli(['run', file, '--plain', '--operator', 't', '--journal', journal], { env: cliEnv(dir), cwd: dir, input: `${'a'.repeat(40)}!\naaa\n`, timeoutMs: 20_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.stdout).toMatch(/Release tag: the runbook's pattern \^\(a\+\)\+\$ took too long to judge this value \(it backtracks without end on some input; fix the pattern in the runbook\)/);
    expect(run.stdout).toContain('Run completed: 1 done');
    expect(readEvents(journal).filter((e) => e.type === 'input.given').map((e) => e.payload)).toMatchObject([{ name: 'tag', value: 'aaa' }]);
  });
});
