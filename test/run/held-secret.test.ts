import { describe, expect, it } from 'vitest';
import { heldSecret, withSecretsTakenOut } from '../../source/run/held-secret';
import { parseRunbook } from '../../source/runbook/parse';

// The journal's copy of a runbook whose file had `postgres://app:pw@db` and a SQL password.
const copy = parseRunbook(
  ['# R', '', '## P', '', '```bash', 'psql "postgres://app:[REDACTED]@db/app" -c "select 1"', '```', '', '```bash', 'grep -c found app.log', '```', '', '```sql', "ALTER USER app PASSWORD '[REDACTED]';", '```', ''].join('\n'),
  { file: 'r.md', sha256: 'x' },
);

describe("the journal's copy of a runbook, a secret taken out of a step", () => {
  it('marks the steps that lost one, [REDACTED] a placeholder to fill', () => {
    const steps = withSecretsTakenOut(copy).steps.map((s) => [s.kind, s.secretTakenOut ?? false, s.placeholders ?? []]);
    expect(steps).toEqual([
      ['shell', true, ['[REDACTED]']],
      ['shell', false, []],
      ['sql', true, ['[REDACTED]']],
    ]);
  });

  it('does not run it as written, and says what to do; edited, it runs', () => {
    const [psql, , sql] = withSecretsTakenOut(copy).steps;
    expect(heldSecret(psql!, psql!.command!)).toBe('it holds [REDACTED] where a secret was: edit the secret in (e) first');
    expect(heldSecret(sql!, sql!.sql!)).not.toBeNull();
    expect(heldSecret(sql!, "ALTER USER app PASSWORD 'n3w-pass';")).toBeNull();
  });

  it("leaves a runbook's own [REDACTED] alone: the author's text runs", () => {
    const own = parseRunbook(['# R', '', '## P', '', '```bash', "grep -cF '[REDACTED]' /var/log/app.log", '```', ''].join('\n'), { file: 'r.md', sha256: 'x' });
    const step = own.steps[0]!;
    expect(step.placeholders).toBeUndefined();
    expect(heldSecret(step, step.command!)).toBeNull();
  });
});
