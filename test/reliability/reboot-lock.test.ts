// A bastion that lost power mid-run boots again with pids starting over: the pid in the
// journal's lock may now be any daemon's. Before, `resume` refused the run ("driven by …")
// for as long as that process lived, and `show` called the run running. A lock taken
// before this host last booted is nobody's: resume takes it over, and journals that.

import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { bootedAt } from '../../source/journal/process-alive';
import { runCli } from '../helpers/cli';
import { cli, recordRun, sql } from '../helpers/tamper';

describe('a lock left by a driver before the host rebooted', () => {
  it.skipIf(bootedAt() === null)('is taken over by resume though another process has its pid now', async () => {
    const run = await recordRun('runbook-reboot-lock-', 'stopAfterFailure');
    const daemon = spawn('sleep', ['60']);
    const gone = new Promise((done) => daemon.on('exit', done));
    try {
      const beforeBoot = new Date((bootedAt() as number) - 3_600_000).toISOString();
      sql(run.journal, 'INSERT OR REPLACE INTO lock (id, operator, user, host, pid, since) VALUES (1, ?, ?, ?, ?, ?)', 'ana', 'ana', hostname(), daemon.pid, beforeBoot);

      const shown = await cli(run, 'show', run.journal);
      expect(shown.stdout).not.toContain('driven now by');
      const resumed = await runCli(['resume', run.journal, '--plain'], { env: run.env, cwd: run.dir, input: 'q\n' });
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).not.toContain('driven by');
      const report = JSON.parse((await cli(run, 'report', run.journal, '--format', 'json')).stdout) as { sessions: { kind: string }[] };
      expect(report.sessions.map((s) => s.kind)).toContain('lock-takeover');
    } finally {
      daemon.kill('SIGKILL');
      await gone;
    }
  });
});

