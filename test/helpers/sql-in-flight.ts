// A runner killed -9 while PostgreSQL runs its INSERT INTO entries: the runbook's step
// started through `run --plain`, the statement seen active on the server, then SIGKILL.
// The plain and the screen tests of resume after it share this.

import { startCli, waitFor } from './cli';
import { withClient } from './pg';

/** How many INSERT INTO entries statements the server is running now. */
export async function insertsRunning(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const r = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'INSERT INTO entries%'");
    return (r.rows[0] as { n: number }).n;
  });
}

/** Waits until `check(running)` holds of the count of running INSERTs. */
async function untilInserts(url: string, check: (running: number) => boolean, what: string): Promise<void> {
  let running: number | null = null;
  await waitFor(() => {
    void insertsRunning(url).then((n) => (running = n));
    return running !== null && check(running);
  }, what, 20_000);
}

/** Runs `file` with --plain into `journal`, answers y, and kills the runner once its INSERT runs on the server. */
export async function killMidInsert(options: { url: string; file: string; journal: string; env: Record<string, string>; cwd: string }): Promise<void> {
  const driver = startCli(['run', options.file, '--plain', '--journal', options.journal, '--operator', 'ana'], { env: options.env, cwd: options.cwd });
  const exited = new Promise((resolve) => driver.on('close', resolve));
  driver.stdout?.resume();
  driver.stderr?.resume();
  driver.stdin?.write('y\n');
  await untilInserts(options.url, (n) => n > 0, 'the INSERT to run on the server');
  driver.kill('SIGKILL');
  await exited;
}

/** Waits for the server to finish the INSERT its client left. */
export function insertsEnded(url: string): Promise<void> {
  return untilInserts(url, (n) => n === 0, 'the INSERT to end');
}
