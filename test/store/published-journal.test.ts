// A journal published to a team store is never driven again without asking the store's
// lease, with the real CLI, SQLite files and PostgreSQL. The old driver's account, after
// its run was taken over, resumes its own journal without --store: refused in one line
// while the new driver holds the run (before, it ran the next step and forked the record);
// once the new driver has left, the same bare resume catches up from the store and goes on
// as one chain. The journal remembers its store as given (env:VAR, never a password); a
// remembered env:VAR unset here is refused in one line, and the hint a paused store run
// prints says --store.

import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { rows } from '../helpers/tamper';
import { eventually, query, storeDrill, storedEvents } from '../helpers/store';

const drill = storeDrill('published');


const started = (journal: string, step: string) => rows(journal).filter((e) => e.type === 'step.started' && e.payload.includes(`"${step}"`)).length;

async function published(journal: string, runId: string): Promise<void> {
  await eventually(async () => (await storedEvents(drill.owner, runId)).length === rows(journal).length, `the store to hold ${journal}`, 30_000);
}

function meta(journal: string, key: string): string | undefined {
  const db = new Database(journal, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  } finally {
    db.close();
  }
}

describe('a journal published to a team store', () => {
  it('is not driven by the old host without --store once taken over; after the new driver leaves, it catches up from the store', async () => {
    const a = drill.account('a');
    const b = drill.account('b');
    const runId = await drill.abandoned(a);

    // Another account takes the run over (the old driver's process is gone: no wait) and drives it.
    const driverB = b.start(['resume', runId.slice(0, 12), '--store', drill.writer, '--take-over', '--plain', '--operator', 'bob']);
    await driverB.sees(/Run taken over from ana/);
    await driverB.prompt();

    // The old account resumes its own journal the way runbook told it to, without --store.
    const before = rows(a.journal);
    const back = await a.cli(['resume', a.journal, '--plain'], 'y\n');
    expect(back.code, back.stdout).toBe(2);
    expect(back.stderr.trim().split('\n')).toHaveLength(1);
    expect(back.stderr).toMatch(/^runbook: .*taken over by bob \(.*\) since .*; follow it read-only with: runbook watch [0-9a-f]{12} --store$/m);
    expect(back.stdout).not.toContain('step two');
    expect(rows(a.journal)).toEqual(before);
    expect(started(a.journal, 'two')).toBe(0);

    // The new driver leaves (paused); its hint resumes through the store.
    expect(await driverB.end()).toBe(0);
    expect(driverB.out.replace(/\s+/g, ' ')).toMatch(/Continue with: runbook resume \S+\.runbook\.sqlite --store/);

    // Now the old account's bare resume asks the store, catches up and goes on as one chain.
    const again = await a.cli(['resume', a.journal, '--plain'], 'y\n');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Caught up \d+ events from the store/);
    expect(again.stdout).toContain('step two');
    expect(again.stdout.replace(/\s+/g, ' ')).toContain(`Continue with: runbook resume ${a.journal} --store`);
    await published(a.journal, runId);
    expect(await storedEvents(drill.owner, runId)).toEqual(rows(a.journal));
    expect((await a.cli(['verify', a.journal])).code).toBe(0);
  }, 120_000);

  it('remembers the store as given (env:VAR, never its password); a remembered env:VAR unset here is refused in one line', async () => {
    const withPassword = new URL(drill.writer);
    withPassword.password = 'NeverWrittenDown7';
    const a = drill.account('env', { TEAM_STORE: withPassword.toString() });
    const driver = a.start(['run', a.file, '--plain', '--journal', a.journal, '--operator', 'ana', '--store', 'env:TEAM_STORE']);
    await driver.passStep();
    expect(await driver.end()).toBe(0);
    expect(driver.out.replace(/\s+/g, ' ')).toContain(`Continue with: runbook resume ${a.journal} --store`);
    expect(meta(a.journal, 'store')).toBe('env:TEAM_STORE');
    const runId = rows(a.journal)[0]!.hash;

    const unset = { ...a.env };
    delete unset.TEAM_STORE;
    const refused = await runCli(['resume', a.journal, '--plain'], { env: unset, cwd: a.home, input: 'y\n' });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toBe(
      `runbook resume: ${a.journal}: this run is published to the team store env:TEAM_STORE (environment variable TEAM_STORE is not set); resume it with --store URL, so that the store's lease says who drives it`,
    );
    expect(started(a.journal, 'two')).toBe(0);

    // Set, the remembered store is used without --store: the lease is claimed there.
    const resumed = await a.cli(['resume', a.journal, '--plain'], 'y\n');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(started(a.journal, 'two')).toBe(1);
    const claims = await query<{ gen: string }>(drill.owner, 'SELECT gen FROM runbook.lease_claims WHERE run_id = $1 ORDER BY gen', [runId]);
    expect(claims.map((c) => Number(c.gen))).toEqual([1, 2]);
  }, 60_000);

  it('pushed with store push, remembers its store too', async () => {
    const a = drill.account('push');
    const plain = await a.cli(['run', a.file, '--plain', '--journal', a.journal, '--operator', 'ana'], 'y\n');
    expect(plain.code, plain.stderr).toBe(0);
    expect(meta(a.journal, 'store')).toBeUndefined();
    const pushed = await a.cli(['store', 'push', a.journal, '--store', drill.writer]);
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(meta(a.journal, 'store')).toBe(drill.writer);
  });
});
