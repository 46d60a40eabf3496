import { describe, expect, it } from 'vitest';
import { heldSecret } from '../../source/run/held-secret';

describe('a command holding [REDACTED]', () => {
  it('does not run as written, and says what to do', () => {
    expect(heldSecret("ALTER USER app PASSWORD '[REDACTED]'")).toBe('it holds [REDACTED] where a secret was: edit the secret in (e) first');
  });

  it('runs when the secret is back, or was never taken out', () => {
    expect(heldSecret("ALTER USER app PASSWORD 'n3w-pass'")).toBeNull();
    expect(heldSecret('echo "[redacted] is a word in prose"')).toBeNull();
  });
});
