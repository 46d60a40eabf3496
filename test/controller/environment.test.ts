// What the journal keeps of the context a shell step leaves for the next one: a variable
// whose name marks a credential is written as [REDACTED] whatever its value — a 2-digit
// PIN as much as a long password — and so is not carried over a resume.

import { describe, expect, it } from 'vitest';
import { journaledContext, shellContext } from '../../source/controller/environment';
import type { RunState } from '../../source/run/state';

describe('the journaled context of a shell step', () => {
  const context = {
    cwd: '/srv/app',
    exported: { MYSQL_PWD: '42', DB_PASS: 'k7Q', REDIS_AUTH: 'r3dis-auth', API_TOKEN: '', USE_AUTH: 'true', RELEASE: '3.1', PWD_HINT: 'none' },
    unset: ['OLD_TOKEN'],
  };

  it('redacts every credential-named variable, of any length, and keeps the rest', () => {
    expect(journaledContext(context)).toEqual({
      cwd: '/srv/app',
      exported: { MYSQL_PWD: '[REDACTED]', DB_PASS: '[REDACTED]', REDIS_AUTH: '[REDACTED]', API_TOKEN: '', USE_AUTH: 'true', RELEASE: '3.1', PWD_HINT: 'none' },
      unset: ['OLD_TOKEN'],
    });
  });

  it('does not carry a redacted value into the next step after a resume', () => {
    const state = { context: journaledContext(context) } as unknown as RunState;
    const env = shellContext({ process: { PATH: '/bin' }, runbook: {} }, state, {}, null).env;
    expect(env.MYSQL_PWD).toBeUndefined();
    expect(env.RELEASE).toBe('3.1');
  });
});
