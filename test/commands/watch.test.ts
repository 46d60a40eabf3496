import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { watchCommand } from '../../source/commands/watch';

describe('runbook watch', () => {
  it('without a terminal stops at once with a one-line hint to use runbook show', async () => {
    const ctx = { env: {}, cwd: '/tmp', stdout: () => undefined, stderr: () => undefined, stdin: new PassThrough(), isTTY: false, columns: () => 80 };
    await expect(watchCommand(ctx, { journal: 'deploy.journal' })).rejects.toMatchObject({
      exitCode: 2,
      message: 'watch needs a terminal; without one, read the run with: runbook show deploy.journal',
    });
  });

  it('names a missing journal in one line', async () => {
    const ctx = { env: {}, cwd: '/tmp', stdout: () => undefined, stderr: () => undefined, stdin: new PassThrough(), isTTY: true, columns: () => 80 };
    await expect(watchCommand(ctx, { journal: 'no-such.journal' })).rejects.toMatchObject({ exitCode: 2, message: 'no-such.journal: no such journal' });
  });
});
