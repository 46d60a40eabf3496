// A credential written as a YAML block scalar (`password: |`, `token: >-`): the value is on
// the indented lines below its key. A step writes such a values file and cats it, and
// prints one more whose lines come a moment apart (so the body reaches the journal in a
// later batch than its key, and is made by printf, so no text of the step names it).
// None of the values may reach the journal file, `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const RUNBOOK = [
  '# Values',
  '',
  '## Phase 1: Write the values',
  '',
  '```bash {#values}',
  "cat > values.yaml <<'EOF'",
  'db:',
  '  password: |',
  '    BlockKw8401',
  '  user: app',
  'EOF',
  'cat values.yaml',
  "printf 'token: >-\\n'",
  'sleep 0.5',
  "printf '  Slow%s%s\\n  Kw%s\\n' Kw84 02 8403",
  "printf 'region: eu\\n'",
  '```',
  '',
].join('\n');

describe("a credential's YAML block", () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-yaml-blocks-', { 'values.md': RUNBOOK });
    // What the step printed, on the operator's screen: the slow value really was printed.
    expect(run.stdout).toContain('  SlowKw8402\n');
  });

  it('records each line of the value as [REDACTED], and the lines around it as they were', () => {
    expect(readOutput(run.journal, 'values')).toEqual(['db:', '  password: |', '    [REDACTED]', '  user: app', 'token: >-', '  [REDACTED]', '  [REDACTED]', 'region: eu']);
  });

  it('keeps every value out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/Kw840[1-3]|SlowKw84/);
  });
});
