// Two bastions on one machine, for the team store's fault tests: each "host" is its own
// data directory (HOME, RUNBOOK_HOME) and its own hostname (a UTS namespace: `unshare -u`,
// then `hostname`), so the run's identity, the local lock and the store's lease see two
// machines. Needs root (the fault suite runs as root, as it does for its clusters).

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cliEnv, runCli, tempDir, type CliResult } from '../../helpers/cli';

export interface Host {
  name: string;
  home: string;
  env: Record<string, string>;
  /** A `runbook` for this host: the CLI under its hostname (for ScriptedRun's and tmux's command). */
  command: string;
  run(args: string[], options?: { input?: string; timeoutMs?: number }): Promise<CliResult>;
}

export function host(name: string, extra: Record<string, string>): Host {
  const home = tempDir(`runbook-${name}-`);
  // Not bin/: a tmux server of the test puts its own plain `runbook` there.
  mkdirSync(join(home, 'host-bin'));
  const command = join(home, 'host-bin', 'runbook');
  writeFileSync(command, `#!/bin/sh\nexec unshare -u sh -c 'hostname "$0" && exec "$@"' ${name} "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(command, 0o755);
  const env = cliEnv(home, { USER: 'root', ...extra });
  return {
    name,
    home,
    env,
    command,
    run: (args, options = {}) => runCli(args, { env, command, ...options }),
  };
}
