// A known secret (here a token in the operator's environment) printed the ways real tools
// print it: Go's JSON (kubectl, terraform, docker inspect: & < > as \u0026 \u003c \u003e),
// PHP's JSON (\/), Python's urllib quote and quote_plus, lower-case percent escapes, and
// the shell's own quoting (printf %q). Run through the real CLI; none of them may reach
// the journal's bytes, `show --json` or the report.

import { beforeAll, describe, expect, it } from 'vitest';
import { readOutput } from '../faults/support/journal-file';
import { runToEnd, writtenEverywhere, type RunToEnd } from '../helpers/run-to-end';

const TOKEN = 'Tok&en</Sec>+ret 77';

const RUNBOOK = [
  '# Forms',
  '',
  '## Phase 1: Print',
  '',
  '```bash {#forms}',
  `printf '{"v":"%s"}\\n' "$(printf '%s' "$DEPLOY_API_TOKEN" | sed 's/&/\\\\u0026/g; s/</\\\\u003c/g; s/>/\\\\u003e/g')"`,
  `printf '%s\\n' "$DEPLOY_API_TOKEN" | sed 's#/#\\\\/#g'`,
  `python3 -c 'import os, re, urllib.parse as u; s = os.environ["DEPLOY_API_TOKEN"]; print(u.quote(s)); print(u.quote_plus(s)); print(re.sub("%..", lambda m: m.group(0).lower(), u.quote(s, safe="")))'`,
  `printf '%q\\n' "$DEPLOY_API_TOKEN"`,
  '```',
  '',
].join('\n');

describe('a known secret in the forms tools print it in', () => {
  let run: RunToEnd;

  beforeAll(async () => {
    run = await runToEnd('runbook-forms-', { 'forms.md': RUNBOOK }, { DEPLOY_API_TOKEN: TOKEN });
    // What the step printed, on the operator's screen: each form really is there.
    expect(run.stdout).toContain('Tok\\u0026en\\u003c/Sec\\u003e+ret 77');
    expect(run.stdout).toContain('Tok&en<\\/Sec>+ret 77');
    expect(run.stdout).toContain('Tok%26en%3C/Sec%3E%2Bret%2077');
    expect(run.stdout).toContain('Tok%26en%3C%2FSec%3E%2Bret+77');
    expect(run.stdout).toContain('Tok%26en%3c%2fSec%3e%2bret%2077');
    expect(run.stdout).toContain('Tok\\&en\\</Sec\\>+ret\\ 77');
  });

  it('records each line as [REDACTED]', () => {
    expect(readOutput(run.journal, 'forms')).toEqual(['{"v":"[REDACTED]"}', '[REDACTED]', '[REDACTED]', '[REDACTED]', '[REDACTED]', '[REDACTED]']);
  });

  it('keeps every form out of the journal file, show --json and the report', async () => {
    for (const text of await writtenEverywhere(run)) expect(text).not.toMatch(/Sec|ret.77|ret\+77|ret%2077/);
  });
});
